#!/bin/bash
# Writes the per-node directories of a fresh N-node cluster under DIR (wiping earlier ones):
# corosync.conf with a tuned totem, and a CIB written before the first start (no stonith, dc-deadtime 2s,
# the given Dummy resources, stopped until Baton starts them).
#   prepare.sh DIR N APP...
set -eu
BASE=$1; N=$2; shift 2
rm -rf "$BASE"; mkdir -p "$BASE"
NODES=""
for i in $(seq 1 "$N"); do
  NODES="$NODES    node {
        name: n$i
        nodeid: $i
        ring0_addr: 10.200.0.$i
    }
"
done
CIB=$BASE/cib.xml
CIB_file=$CIB cibadmin --empty > "$CIB"
export CIB_file=$CIB
crm_attribute -t crm_config -n stonith-enabled -v false
crm_attribute -t crm_config -n dc-deadtime -v 2s
for app in "$@"; do
  cibadmin --create -o resources --xml-text "<primitive id=\"$app\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">
    <meta_attributes id=\"$app-meta\"><nvpair id=\"$app-meta-target-role\" name=\"target-role\" value=\"Stopped\"/></meta_attributes>
    <operations><op id=\"$app-monitor\" name=\"monitor\" interval=\"2s\" timeout=\"10s\"/></operations>
  </primitive>"
done
unset CIB_file
for i in $(seq 1 "$N"); do
  D=$BASE/n$i
  mkdir -p "$D"/etc-corosync "$D"/lib-corosync "$D"/log-corosync "$D"/lib-pacemaker/{cib,pengine,blackbox,cores} "$D"/log-pacemaker
  cat > "$D/etc-corosync/corosync.conf" <<CONF
totem {
    version: 2
    cluster_name: batonpm
    transport: knet
    crypto_cipher: none
    crypto_hash: none
    token: 500
    token_coefficient: 0
    consensus: 600
}
nodelist {
$NODES}
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
  install -o hacluster -g haclient -m 600 "$CIB" "$D/lib-pacemaker/cib/cib.xml"
  chown -R hacluster:haclient "$D/lib-pacemaker" "$D/log-pacemaker"
  chmod 750 "$D/lib-pacemaker" "$D/log-pacemaker"
done
