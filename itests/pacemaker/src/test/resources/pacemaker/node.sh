#!/bin/bash
# One Pacemaker node, run as PID 1 of fresh mount/UTS/PID namespaces inside network namespace batonpm-nN:
#   setsid ip netns exec batonpm-nN unshare -m -u -p -f --mount-proc node.sh N DIR
# DIR/nN holds the node's own /etc/corosync, /var/lib/corosync, /var/lib/pacemaker and logs (written by
# the test before the first start). SIGKILL to this process kills the whole node.
set -eu
N=$1; BASE=$2; D=$BASE/n$N
hostname n$N
mount --make-rprivate /
for pair in etc-corosync:/etc/corosync lib-corosync:/var/lib/corosync log-corosync:/var/log/corosync \
            lib-pacemaker:/var/lib/pacemaker log-pacemaker:/var/log/pacemaker; do
  mkdir -p "${pair#*:}"
  mount --bind "$D/${pair%%:*}" "${pair#*:}"
done
# the Dummy agent keeps its state under /run: each node needs its own
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /dev/shm
mkdir -p /run/crm && chown hacluster:haclient /run/crm && chmod 750 /run/crm
corosync -f > /var/log/corosync/stdout.log 2>&1 &
for i in $(seq 1 100); do
  corosync-cfgtool -s > /dev/null 2>&1 && break
  sleep 0.05
done
pacemakerd -f > /var/log/pacemaker/stdout.log 2>&1 &
wait
