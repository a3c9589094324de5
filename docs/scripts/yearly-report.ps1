# Usage: .\yearly-report.ps1 -Year 2019 [-Database C:\OCOP\huyen.db]
param([Parameter(Mandatory)][int]$Year, [string]$Database = "ocop.db")
$ErrorActionPreference = "Stop"
$out = "bao-cao-$Year"
ocop --db $Database --lang vi report all --year $Year --out $out
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
ocop --db $Database --lang vi --labels report summary --year $Year --format xlsx --out "$out\tong-hop-$Year.xlsx"
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
ocop --db $Database --lang vi --labels report groups --year $Year --format xlsx --out "$out\nhom-$Year.xlsx"
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
Write-Output "Bao cao nam $Year : $out"
