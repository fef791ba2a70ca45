#!/usr/bin/env bash
# Set up a real CUPS spooler with a PDF printer for the `cups`-marked tests.
#
#   .ci/setup-cups.sh          install (if needed), start cupsd, create the queue
#   .ci/setup-cups.sh stop     stop the cupsd this script started
#   .ci/setup-cups.sh status   show scheduler and queue state
#
# Idempotent: running it twice leaves one cupsd and one queue. Works without
# systemd (cupsd is started directly). Must run as root (apt-get, lpadmin).
# Environment:
#   KIOSK_CUPS_QUEUE   queue name (default KioskPDF)
# On success the last line of standard output is
#   CUPS_PDF_OUT=<folder where cups-pdf writes the PDFs of jobs submitted by root>
set -euo pipefail

QUEUE="${KIOSK_CUPS_QUEUE:-KioskPDF}"
PIDFILE=/run/kiosk-cupsd.pid

log() { printf 'setup-cups: %s\n' "$*" >&2; }

need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        log "must run as root (apt-get, cupsd, lpadmin)"; exit 1
    fi
}

install_packages() {
    local missing=()
    for pkg in cups cups-bsd cups-client printer-driver-cups-pdf; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

scheduler_running() { timeout 5 lpstat -r 2>/dev/null | grep -q "is running"; }

start_cupsd() {
    if scheduler_running; then
        log "cupsd already running"; return
    fi
    mkdir -p /run/cups /var/spool/cups-pdf/ANONYMOUS
    # cupsd forks into the background by default; no systemd needed.
    /usr/sbin/cupsd
    for _ in $(seq 1 50); do
        if scheduler_running; then break; fi
        sleep 0.2
    done
    scheduler_running || { log "cupsd did not start"; exit 1; }
    pgrep -o -x cupsd > "$PIDFILE" || true
    log "cupsd started (pid $(cat "$PIDFILE" 2>/dev/null || echo '?'))"
}

find_ppd() {
    local ppd
    for ppd in /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd /usr/share/ppd/cups-pdf/CUPS-PDF.ppd \
               /usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd; do
        if [ -f "$ppd" ]; then echo "$ppd"; return; fi
    done
    ppd=$(find /usr/share/ppd /usr/share/cups/model -iname 'CUPS-PDF*.ppd*' 2>/dev/null | head -n 1)
    [ -n "$ppd" ] || { log "no CUPS-PDF PPD found"; exit 1; }
    echo "$ppd"
}

create_queue() {
    local ppd
    ppd=$(find_ppd)
    # lpadmin -p on an existing queue just updates it, so this is idempotent.
    timeout 20 lpadmin -p "$QUEUE" -E -v cups-pdf:/ -P "$ppd" -D "Station Kiosk test PDF printer"
    timeout 10 cupsenable "$QUEUE"
    timeout 10 cupsaccept "$QUEUE"
    log "queue $QUEUE ready (PPD $ppd)"
}

pdf_out_dir() {
    # cups-pdf writes into `Out` from cups-pdf.conf, with ${HOME} of the submitting user.
    local out
    out=$(sed -n 's/^[[:space:]]*Out[[:space:]]\+//p' /etc/cups/cups-pdf.conf 2>/dev/null | tail -n 1)
    out=${out:-'${HOME}/PDF'}
    out=${out//'${HOME}'/${HOME:-/root}}
    out=${out//'${USER}'/$(id -un)}
    echo "$out"
}

stop_cupsd() {
    if [ -f "$PIDFILE" ]; then
        local pid
        pid=$(cat "$PIDFILE")
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" && log "cupsd (pid $pid) stopped"
        fi
        rm -f "$PIDFILE"
    else
        log "no cupsd started by this script"
    fi
}

case "${1:-start}" in
    start)
        need_root
        install_packages
        start_cupsd
        create_queue
        echo "CUPS_PDF_OUT=$(pdf_out_dir)"
        ;;
    stop)
        need_root
        stop_cupsd
        ;;
    status)
        timeout 5 lpstat -r || true
        timeout 5 lpstat -l -p "$QUEUE" || true
        ;;
    *)
        log "usage: $0 [start|stop|status]"; exit 2
        ;;
esac
