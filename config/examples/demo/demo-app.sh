#!/bin/sh
# A small application for the local demo cluster: it says every few seconds that it is alive, so a
# person can see it with `ps -ef | grep demo-app` and follow it in the node's log directory.
name=${1:-demo}
echo "$(date '+%H:%M:%S') $name started (pid $$)"
trap 'echo "$(date "+%H:%M:%S") $name stopping"; exit 0' TERM INT
while :; do
    sleep 5 &
    wait $!
    echo "$(date '+%H:%M:%S') $name alive"
done
