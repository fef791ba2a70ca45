# Run the kiosk and start it again 3 s after it exits, for ever (the Scheduled Task's action).
# Paths: the bundle in use is the "current" junction (see README.md, Upgrading).
$kiosk = Join-Path $PSScriptRoot "current\kiosk.exe"
while ($true) {
    Start-Process -FilePath $kiosk -ArgumentList "run" -Wait
    if (Test-Path (Join-Path $env:LOCALAPPDATA "station-kiosk\maintenance")) { break }
    Start-Sleep -Seconds 3
}
