#!/bin/bash
# Baton native watchdog: the half of fencing that does not depend on the Karaf JVM (like Pacemaker's sbd).
#
#   watchdog.sh <run directory> <lease seconds>
#
# The native agent starts it in its own session with stdin a pipe from the JVM, and writes a line
# "renew [<lease seconds>]" every quarter lease while the broker echoes the node's heartbeat.
#  - No line within the lease (JVM frozen, or the agent lost the broker): SIGKILL the apps of the run
#    directory's pid files. Once per expiry: it keeps watching, and a renewal arms it again.
#  - End of input (the JVM died; the kernel closes its end of the pipe at once): SIGKILL the apps, exit.
#  - "release" (clean stop that leaves the apps to the next agent): exit without killing anything.
# SIGKILL, not SIGTERM: whoever could have stopped them gracefully is frozen, dead or cut off, and their
# backups are about to start them.
#
# A pid file is "<pid> <start, epoch millis> <grouped> [<start, clock ticks since boot>]"; a grouped app
# (setsid) leads its own process group, which is killed whole (orphans included). A live pid with another
# start was reused by an unrelated process and is left alone: the ticks (the kernel's own record, field 22
# of /proc/<pid>/stat) are compared exactly; the millis, which a step of the wall clock moves, only for a
# file without them, within a second. Runs on bash builtins only once started (no fork to kill).

set -u
run_dir=$1
lease=$2

log() {
    printf '%(%Y-%m-%d %H:%M:%S)T watchdog %d: %s\n' -1 "$$" "$*"
}

hz=$(getconf CLK_TCK 2>/dev/null) || hz=100
boot=0
while read -r name value _; do
    if [ "$name" = btime ]; then boot=$value; fi
done </proc/stat

# Sets $started to the start time (epoch millis) of pid $1, computed as the JVM does, and $ticks to the
# kernel's record of it (clock ticks since boot); both empty if unknown.
start_of() {
    local stat
    started= ticks=
    read -r stat <"/proc/$1/stat" 2>/dev/null || return
    set -- ${stat##*) } # the fields after "(command)", from field 3 on: starttime (22) is the 20th
    [ $# -ge 20 ] && ticks=${20} && started=$((boot * 1000 + ${20} * 1000 / hz))
}

kill_apps() {
    local file pid start grouped recorded hit killed=
    for file in "$run_dir"/*.pid; do
        [ -f "$file" ] || continue
        pid= start=0 grouped=false recorded=0
        read -r pid start grouped recorded <"$file" 2>/dev/null
        case $pid in '' | *[!0-9]*) continue ;; esac
        case $start in '' | *[!0-9]*) start=0 ;; esac
        case $recorded in '' | *[!0-9]*) recorded=0 ;; esac
        if [ -e "/proc/$pid" ]; then
            start_of "$pid"
            if [ "$recorded" != 0 ] && [ -n "$ticks" ]; then
                if [ "$ticks" != "$recorded" ]; then
                    log "$file: pid $pid belongs to another process now (started at tick $ticks, not $recorded): left alone"
                    continue
                fi
            elif [ "$start" != 0 ] && [ -n "$started" ] && ((started - start > 1000 || start - started > 1000)); then
                log "$file: pid $pid belongs to another process now (started $started, not $start): left alone"
                continue
            fi
        fi
        # A pid stays reserved while its process group exists, so the group of a dead leader is still the app's.
        hit=
        if [ "$grouped" = true ] && kill -KILL -- "-$pid" 2>/dev/null; then hit=1; fi
        if kill -KILL "$pid" 2>/dev/null; then hit=1; fi
        if [ -n "$hit" ]; then killed="$killed ${file##*/}"; fi
    done
    log "$1: SIGKILL to${killed:- nothing}"
}

log "watching the apps of $run_dir (lease ${lease}s)"
expired=
while :; do
    line=
    if IFS= read -r -t "$lease" line; then
        case $line in
        renew) ;;
        "renew "*)
            case ${line#renew } in
            '' | *[!0-9.]* | *.*.*) log "ignoring a malformed lease: $line" ;;
            *) lease=${line#renew } ;;
            esac
            ;;
        release)
            log "released: exiting, the apps keep running for the next agent"
            exit 0
            ;;
        *) log "ignoring an unknown line: $line" ;;
        esac
        if [ -n "$expired" ]; then
            log "renewed again: watching"
            expired=
        fi
    elif [ $? -gt 128 ]; then
        if [ -z "$expired" ]; then
            kill_apps "no renewal within the lease of ${lease}s"
            expired=1
        fi
    else
        if [ "$line" = release ]; then # the last line without its newline
            log "released: exiting, the apps keep running for the next agent"
            exit 0
        fi
        kill_apps "end of input: the agent's JVM is gone"
        exit 0
    fi
done
