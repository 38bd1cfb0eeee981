#!/bin/bash
# start.sh ctl | <node name>: munge, then the controller or a compute node's daemon in the foreground
set -euo pipefail
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
chown munge:munge /run/munge
runuser -u munge -- /usr/sbin/munged
if [[ "$1" == ctl ]]; then
  exec /usr/sbin/slurmctld -D -i
else
  [[ -e /dev/fakegpu0 ]] || mknod /dev/fakegpu0 c 195 0
  exec /usr/sbin/slurmd -D -N "$1"
fi
