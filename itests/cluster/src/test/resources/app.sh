#!/bin/bash
# A test application: appends "start|stop APP NODE PID EPOCH_NANOS" to its event file when it starts and
# when asked to stop (SIGTERM), so a test can see where and when it ran; the node is the Karaf instance
# that started it (its KARAF_BASE). Killed with SIGKILL it writes nothing: tests also watch its pid.
# The start time is bash's own clock, read first: no process is started to read it, so the benchmark
# times the app, not a `date` command.
started=${EPOCHREALTIME/[.,]/}000
name=$1 events=$2
node=${KARAF_BASE##*/}
echo "start $name ${node:-unknown} $$ $started" >> "$events"
trap 'echo "stop $name ${node:-unknown} $$ ${EPOCHREALTIME/[.,]/}000" >> "$events"; exit 0' TERM INT
while :; do
    sleep 1 &
    wait $!
done
