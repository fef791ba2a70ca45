#!/bin/sh
# The kiosk's X session: no screen blanking, no power saving, the kiosk unit
# started under systemd (which restarts it), and the session kept alive.
#
# Started by xinit from the kiosk user's ~/.bash_profile on tty1 (see README.md):
#   exec xinit /usr/local/bin/kiosk-session -- :0 vt1 -nolisten tcp -nocursor -s 0 -dpms
set -u

# Never blank or power down the touchscreen (the stations are open 24 h).
xset s off
xset s noblank
xset -dpms

# Optional: rotate or map the touchscreen here, e.g.
#   xrandr --output HDMI-1 --rotate left
#   xinput map-to-output "ILITEK Multi-Touch" HDMI-1

# Hand the display to the user's systemd, which runs and restarts the kiosk.
systemctl --user import-environment DISPLAY XAUTHORITY
systemctl --user restart station-kiosk.service

# Keep the X session open while the kiosk runs or is being restarted. When the
# unit is stopped on purpose (`systemctl --user stop station-kiosk`, e.g. for
# maintenance) or has failed, end the session; autologin starts a new one.
while :; do
    state=$(systemctl --user show -p ActiveState --value station-kiosk.service)
    case "$state" in
        active|activating|deactivating|reloading) sleep 5 ;;
        *) exit 0 ;;
    esac
done
