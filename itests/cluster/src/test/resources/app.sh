#!/bin/sh
# A test application: appends "start|stop APP NODE PID EPOCH_NANOS" to its event file when it starts and
# when asked to stop (SIGTERM), so a test can see where and when it ran; the node is the Karaf instance
# that started it (its KARAF_BASE). Killed with SIGKILL it writes nothing: tests also watch its pid.
name=$1 events=$2
node=$(basename "${KARAF_BASE:-unknown}")
echo "start $name $node $$ $(date +%s%N)" >> "$events"
trap 'echo "stop $name $node $$ $(date +%s%N)" >> "$events"; exit 0' TERM INT
while :; do
    sleep 1 &
    wait $!
done
