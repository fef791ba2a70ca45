# Apply shell-launcher.xml through the MDM bridge (run as SYSTEM, e.g. `psexec -i -s powershell`).
# Requires the "Shell Launcher" Windows feature:
#   Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
param([string]$Xml = "$PSScriptRoot\shell-launcher.xml")

$namespace = "root\cimv2\mdm\dmmap"
$class = "MDM_AssignedAccess"
$config = Get-CimInstance -Namespace $namespace -ClassName $class
$config.ShellLauncher = [System.Net.WebUtility]::HtmlEncode((Get-Content -Raw -Encoding UTF8 $Xml))
Set-CimInstance -CimInstance $config
Write-Output "Shell Launcher configured; sign the kiosk account out and in again."
