#!/bin/bash
# A test-owned ONE-node Pacemaker/Corosync "cluster" on this machine, isolated from the host: corosync on
# 127.0.0.1 inside fresh network (loopback only), mount, UTS and PID namespaces, with its own /etc/corosync,
# /var/lib/pacemaker, /run, ... bind-mounted from DIR. Nothing of the host's Pacemaker or network is touched.
#   one-node.sh start DIR NODE APP...   writes a fresh CIB (no stonith, dc-deadtime 2s, one Dummy resource per
#                                       APP, target-role Stopped), starts the node, waits until its DC is
#                                       elected; prints the host PID of the node's init: run commands inside
#                                       with `nsenter -t PID -n -m -p -u -- crm_mon ...`
#   one-node.sh stop DIR                SIGKILL to the node's init: every process of the node dies with it
#   one-node.sh init DIR NODE           (internal) the node's init, PID 1 of the namespaces
set -eu
cmd=$1; DIR=$2

stop() {
  if [ -f "$DIR/init.pid" ]; then
    kill -KILL "$(cat "$DIR/init.pid")" 2>/dev/null || true
    rm -f "$DIR/init.pid"
  fi
  if [ -f "$DIR/unshare.pid" ]; then
    kill -KILL "$(cat "$DIR/unshare.pid")" 2>/dev/null || true
    rm -f "$DIR/unshare.pid"
  fi
}

prepare() {
  local node=$1; shift
  rm -rf "$DIR/etc-corosync" "$DIR/lib-corosync" "$DIR/log-corosync" "$DIR/lib-pacemaker" "$DIR/log-pacemaker"
  mkdir -p "$DIR"/etc-corosync "$DIR"/lib-corosync "$DIR"/log-corosync \
           "$DIR"/lib-pacemaker/{cib,pengine,blackbox,cores} "$DIR"/log-pacemaker
  local cib=$DIR/cib.xml
  CIB_file=$cib cibadmin --empty > "$cib"
  export CIB_file=$cib
  crm_attribute -t crm_config -n stonith-enabled -v false
  crm_attribute -t crm_config -n dc-deadtime -v 2s
  for app in "$@"; do
    cibadmin --create -o resources --xml-text "<primitive id=\"$app\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">
      <meta_attributes id=\"$app-meta\"><nvpair id=\"$app-meta-target-role\" name=\"target-role\" value=\"Stopped\"/></meta_attributes>
      <operations><op id=\"$app-monitor\" name=\"monitor\" interval=\"2s\" timeout=\"10s\"/></operations>
    </primitive>"
  done
  unset CIB_file
  cat > "$DIR/etc-corosync/corosync.conf" <<CONF
totem {
    version: 2
    cluster_name: batonkaraf
    transport: knet
    crypto_cipher: none
    crypto_hash: none
    token: 1000
}
nodelist {
    node {
        name: $node
        nodeid: 1
        ring0_addr: 127.0.0.1
    }
}
quorum {
    provider: corosync_votequorum
}
logging {
    to_logfile: yes
    logfile: /var/log/corosync/corosync.log
    to_syslog: no
    to_stderr: no
}
CONF
  install -o hacluster -g haclient -m 600 "$cib" "$DIR/lib-pacemaker/cib/cib.xml"
  chown -R hacluster:haclient "$DIR/lib-pacemaker" "$DIR/log-pacemaker"
  chmod 750 "$DIR/lib-pacemaker" "$DIR/log-pacemaker"
}

case "$cmd" in
  start)
    node=$3; shift 3
    stop
    mkdir -p "$DIR"
    prepare "$node" "$@"
    setsid unshare -m -u -p -n -f --mount-proc bash "$0" init "$DIR" "$node" > "$DIR/node.log" 2>&1 < /dev/null &
    echo $! > "$DIR/unshare.pid"
    init=""
    for i in $(seq 1 100); do
      init=$(pgrep -P "$(cat "$DIR/unshare.pid")" || true)
      [ -n "$init" ] && break
      sleep 0.05
    done
    [ -n "$init" ] || { echo "the node's init did not start; see $DIR/node.log" >&2; cat "$DIR/node.log" >&2; exit 1; }
    echo "$init" > "$DIR/init.pid"
    # ready when crm_mon inside the node names a DC
    for i in $(seq 1 300); do
      if nsenter -t "$init" -n -m -p -u -- crm_mon --one-shot --output-as=xml 2>/dev/null | grep -q '<current_dc present="true"'; then
        echo "$init"
        exit 0
      fi
      sleep 0.1
    done
    echo "no Pacemaker DC after 30 s; see $DIR/node.log and $DIR/log-pacemaker" >&2
    exit 1
    ;;
  init)
    node=$3
    hostname "$node"
    mount --make-rprivate /
    ip link set lo up
    for pair in etc-corosync:/etc/corosync lib-corosync:/var/lib/corosync log-corosync:/var/log/corosync \
                lib-pacemaker:/var/lib/pacemaker log-pacemaker:/var/log/pacemaker; do
      mkdir -p "${pair#*:}"
      mount --bind "$DIR/${pair%%:*}" "${pair#*:}"
    done
    # the Dummy agent keeps its state under /run: the node's own, not the host's
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
    ;;
  stop) stop ;;
  *) echo "usage: $0 start DIR NODE APP... | stop DIR" >&2; exit 2 ;;
esac
