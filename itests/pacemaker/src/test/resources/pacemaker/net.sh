#!/bin/bash
# Test-owned network for the 3-node Pacemaker tests: a hub namespace with a bridge, and one namespace per
# node with a veth into the hub and an address 10.200.0.N/24 that exists only inside that namespace.
#   net.sh up N      create hub + nodes 1..N (removes leftovers first)
#   net.sh down N    kill every process in the namespaces and remove them
set -u
PFX=batonpm
cmd=$1; n=${2:-3}

down() {
  for ns in $(ip netns list | awk '{print $1}' | grep "^${PFX}-"); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  done
  for ns in $(ip netns list | awk '{print $1}' | grep "^${PFX}-"); do
    ip netns del "$ns" 2>/dev/null
  done
}

up() {
  down
  set -e
  ip netns add ${PFX}-hub
  ip -n ${PFX}-hub link add br0 type bridge
  ip -n ${PFX}-hub link set br0 up
  ip -n ${PFX}-hub link set lo up
  for i in $(seq 1 "$n"); do
    ip netns add ${PFX}-n$i
    ip -n ${PFX}-n$i link set lo up
    ip -n ${PFX}-n$i link add eth0 type veth peer name p$i netns ${PFX}-hub
    ip -n ${PFX}-n$i addr add 10.200.0.$i/24 dev eth0
    ip -n ${PFX}-n$i link set eth0 up
    ip -n ${PFX}-hub link set p$i master br0
    ip -n ${PFX}-hub link set p$i up
  done
}

case "$cmd" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down [N]" >&2; exit 2 ;;
esac
