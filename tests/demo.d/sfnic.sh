# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The SmartNIC part of the demo (sourced by tests/demo.sh): the mlx5 SF
# workflow on a software SmartNIC, with the real devlink, ip, bridge and
# ethtool.

DEV=sfnic/sfnic0
SYSDEV=/sys/bus/sfnic/devices/sfnic0

# roce_gid, the GID of an address on an RDMA device.
# shellcheck source=tests/sfnic/rdma.sh
. "$SFNIC_ROOT/tests/sfnic/rdma.sh"

# sf_port SFNUM: the devlink port of an SF.
sf_port()
{
	devlink port show | awk -v n="$1" \
		'/pcisf/ { for (i = 1; i < NF; i++) if ($i == "sfnum" && $(i + 1) == n) { sub(":", "", $1); print $1 } }'
}

wait_attached()
{
	local i

	for i in $(seq 300); do
		devlink port show "$1" | grep -q 'opstate attached' && return 0
		sleep 0.1
	done
	return 1
}

say "Make a SmartNIC, as with netdevsim: its devlink instance is $DEV"
run modprobe sfnic
run "echo 0 > /sys/bus/sfnic/new_device"
run devlink dev show
run devlink dev info $DEV
run devlink port show
run devlink dev eswitch show $DEV

say "SFs need switchdev mode, exactly as on mlx5"
run devlink port add $DEV flavour pcisf pfnum 0 sfnum 88
run devlink dev eswitch set $DEV mode switchdev
run devlink dev eswitch show $DEV

say "Add an SF: port index (function << 16) | vport, SF vports from 0x8000"
run devlink port add $DEV flavour pcisf pfnum 0 sfnum 88
run devlink port show $DEV/32768
run devlink port add $DEV flavour pcisf pfnum 0 sfnum 88
run devlink port function set $DEV/32768 hw_addr 01:00:00:00:00:01

say "Give it a MAC and activate it: an mdev of the vendor class appears"
run devlink port function set $DEV/32768 hw_addr 02:00:00:00:00:88
run devlink port function set $DEV/32768 state active
wait_attached $DEV/32768
run devlink port show $DEV/32768
run "ls /sys/bus/mdevc/devices/"
uuid=$(basename "$(readlink -f $SYSDEV/sf88)")
run "cat /sys/bus/mdevc/devices/$uuid/sfnum; basename \$(readlink /sys/bus/mdevc/devices/$uuid/driver)"

say "The SF driver gave it its own devlink instance and a netdev"
run devlink dev show
run "devlink port show | grep -A2 mdevc/$uuid"
sfdev=$(ls $SYSDEV/sf88/net)
run ip -d link show "$sfdev"
run ethtool -i "$sfdev"

say "A second SF, created by writing a UUID into the vendor type's create file"
run "cat /sys/class/mdevc_bus/sfnic0/mdev_supported_types/sfnic-sf/{name,device_api,available_instances}"
run "cat /proc/sys/kernel/random/uuid > /tmp/sf2; cat /tmp/sf2 > /sys/class/mdevc_bus/sfnic0/mdev_supported_types/sfnic-sf/create"
run devlink port show
p2=$(devlink port show | awk '/pcisf/ && !/sfnum 88/ { sub(":", "", $1); print $1 }' | head -n 1)
run devlink port function set "$p2" hw_addr 02:00:00:00:00:89
run devlink port function set "$p2" state active
wait_attached "$p2"
run devlink port show "$p2"

say "Bridge the representors with the uplink; plug the physical port into a veth"
sf2=$(ls "/sys/bus/mdevc/devices/$(cat /tmp/sf2)/net")
rep1=$(devlink port show $DEV/32768 | sed -n 's/.*netdev \([^ ]*\).*/\1/p')
rep2=$(devlink port show "$p2" | sed -n 's/.*netdev \([^ ]*\).*/\1/p')
up=$(devlink port show $DEV/65535 | sed -n 's/.*netdev \([^ ]*\).*/\1/p')
run ip -d link show "$rep1" '|' grep -o "'phys_port_name [^ ]*\|switchid [^ ]*'"
run "ip link add vhost0 type veth peer name vfar0; ip link set vhost0 up"
run "echo vhost0 > $SYSDEV/phys_port"
run "ip netns add far; ip link set vfar0 netns far; ip -n far addr add 192.0.2.100/24 dev vfar0; ip -n far link set vfar0 up"
run "ip link add br0 type bridge; for d in $rep1 $rep2 $up; do ip link set \$d master br0 up; done; ip link set br0 up"
run "ip netns add sf1; ip link set $sfdev netns sf1; ip -n sf1 addr add 192.0.2.1/24 dev $sfdev; ip -n sf1 link set $sfdev up"
run "ip netns add sf2; ip link set $sf2 netns sf2; ip -n sf2 addr add 192.0.2.2/24 dev $sf2; ip -n sf2 link set $sf2 up"
for i in $(seq 40); do
	bridge link show dev "$rep1" | grep -q forwarding && break
	sleep 1
done
run ip netns exec sf1 ping -c 3 -i 0.3 192.0.2.2
run ip netns exec sf2 ping -c 3 -i 0.3 192.0.2.100
run ip -n sf1 -s link show "$sfdev"
run "ip netns exec sf1 ethtool -S $sfdev | head -n 12"

say "RDMA: every SF with enable_rdma (the default, as on mlx5) gets a RoCE device, <nic>sf<sfnum>"
run devlink dev param show "mdevc/$uuid" name enable_rdma
run devlink port add $DEV flavour pcisf pfnum 0 sfnum 1
run devlink port add $DEV flavour pcisf pfnum 0 sfnum 2
rp1=$(sf_port 1)
rp2=$(sf_port 2)
run devlink port function set "$rp1" hw_addr 02:00:00:00:40:01 state active
run devlink port function set "$rp2" hw_addr 02:00:00:00:40:02 state active
wait_attached "$rp1"
wait_attached "$rp2"
rnd1=$(ls $SYSDEV/sf1/net)
rnd2=$(ls $SYSDEV/sf2/net)
rrep1=$(devlink port show "$rp1" | sed -n 's/.*netdev \([^ ]*\).*/\1/p')
rrep2=$(devlink port show "$rp2" | sed -n 's/.*netdev \([^ ]*\).*/\1/p')
say "The SF netdev's uevent asks for it; a udev rule (make install) runs 'rdma link add'"
run "grep SFNIC /sys/class/net/$rnd1/uevent; udevadm settle; rdma link show"
run ibv_devices
say "rxe works in this namespace only: policy routing sends each SF's traffic out through it and the eswitch, not through lo"
run "for d in $rrep1 $rrep2; do ip link set \$d master br0 up; done"
run "sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.all.arp_ignore=1; for n in $rnd1 $rnd2; do sysctl -qw net.ipv4.conf.\$n.rp_filter=0 net.ipv4.conf.\$n.accept_local=1 net.ipv4.conf.\$n.arp_ignore=1 net.ipv4.conf.\$n.arp_announce=2; done"
run "ip addr add 198.51.100.1/24 dev $rnd1; ip addr add 198.51.100.2/24 dev $rnd2; ip link set $rnd1 up; ip link set $rnd2 up"
run "ip rule add pref 1000 lookup local; ip rule del pref 0"
run "ip rule add pref 100 from 198.51.100.1 to 198.51.100.2 iif lo lookup 4001; ip route add 198.51.100.2 dev $rnd1 src 198.51.100.1 table 4001"
run "ip rule add pref 100 from 198.51.100.2 to 198.51.100.1 iif lo lookup 4002; ip route add 198.51.100.1 dev $rnd2 src 198.51.100.2 table 4002"
run ip route get 198.51.100.2 from 198.51.100.1
for i in $(seq 200); do
	g1=$(roce_gid "${SYSDEV##*/}sf1" 198.51.100.1) &&
		g2=$(roce_gid "${SYSDEV##*/}sf2" 198.51.100.2) && break
	sleep 0.1
done
for i in $(seq 100); do
	ibv_devinfo -d "${SYSDEV##*/}sf1" | grep -q PORT_ACTIVE &&
		ibv_devinfo -d "${SYSDEV##*/}sf2" | grep -q PORT_ACTIVE && break
	sleep 0.1
done
say "ibv_rc_pingpong from SF 2 to SF 1 (-g: the index of the RoCE v2 GID of each address), then rping over rdma_cm"
rx0=$(cat "/sys/class/net/$rrep1/statistics/rx_packets")
timeout 60 ibv_rc_pingpong -d "${SYSDEV##*/}sf1" -g "$g1" -n 50 > /tmp/pp.srv 2>&1 &
for i in $(seq 100); do
	ss -Hltn 'sport = :18515' | grep -q . && break
	sleep 0.1
done
run timeout 60 ibv_rc_pingpong -d "${SYSDEV##*/}sf2" -g "$g2" -n 50 198.51.100.1
wait
run "cat /tmp/pp.srv; rm /tmp/pp.srv"
timeout 60 rping -s -a 198.51.100.1 -C 3 -v > /tmp/rping.srv 2>&1 &
for i in $(seq 100); do
	rdma res show cm_id | grep -q 'state LISTEN' && break
	sleep 0.1
done
run timeout 60 rping -c -I 198.51.100.2 -a 198.51.100.1 -C 3 -v
wait
rm -f /tmp/rping.srv
say "SF 1's representor counted the RoCE frames: they crossed the eswitch"
run "echo \$((\$(cat /sys/class/net/$rrep1/statistics/rx_packets) - $rx0)) packets"
say "The RoCE device goes with its SF's netdev"
run devlink port del "$rp1"
run devlink port del "$rp2"
run "ip rule del pref 100 from 198.51.100.1 to 198.51.100.2 iif lo lookup 4001; ip rule del pref 100 from 198.51.100.2 to 198.51.100.1 iif lo lookup 4002; ip rule add pref 0 lookup local; ip rule del pref 1000 lookup local"
run "udevadm settle; rdma link show"

say "SF 88's function hits a fatal error (injected in the model); devlink health resets it"
run devlink health show mdevc/$uuid reporter fw_fatal
run "echo 0x8000 > /sys/kernel/debug/sfnic/sfnic0/model/inject/fw_fatal"
for i in $(seq 100); do
	devlink health show mdevc/$uuid reporter fw_fatal | grep -q 'recover 1' && break
	sleep 0.1
done
run devlink health show mdevc/$uuid reporter fw_fatal
run devlink health dump show mdevc/$uuid reporter fw_fatal
say "The netdev kept its name, MAC and address; traffic resumes"
run ip -n sf1 addr show "$sfdev"
run ip netns exec sf1 ping -c 3 -i 0.3 192.0.2.2

TYPES=/sys/class/mdevc_bus/sfnic0/mdev_supported_types
say "The same parent serves the virtio class: the kernel's virtio_net drives it"
run "ls $TYPES; cat $TYPES/sfnic-virtio_net/device_api"
vu=$(cat /proc/sys/kernel/random/uuid)
run "echo $vu > $TYPES/sfnic-virtio_net/create"
for i in $(seq 100); do
	vnd=$(ls /sys/bus/mdevc/devices/"$vu"/virtio*/net 2>/dev/null) && break
	sleep 0.1
done
run "basename \$(readlink /sys/bus/mdevc/devices/$vu/driver)"
run ethtool -i "$vnd"
run ip link show "$vnd"

say "...and the vfio class: a virtio-net PCI function that a VFIO user owns"
fu=$(cat /proc/sys/kernel/random/uuid)
run modprobe vfio_iommu_type1
run "echo $fu > $TYPES/sfnic-virtio_net_vfio/create"
for i in $(seq 100); do
	[ -e "/sys/bus/mdevc/devices/$fu/iommu_group" ] && break
	sleep 0.1
done
run "basename \$(readlink /sys/bus/mdevc/devices/$fu/driver); ls /dev/vfio/"
frep=$(devlink port show "$(cat "/sys/bus/mdevc/devices/$fu/devlink_port")" |
       sed -n 's/.*netdev \([^ ]*\).*/\1/p')
run ip link set "$frep" up
run "$SFNIC_ROOT/tests/vfio/client/vfio-vnet /sys/bus/mdevc/devices/$fu info | head -n 12"
run "$SFNIC_ROOT/tests/vfio/client/vfio-vnet /sys/bus/mdevc/devices/$fu pingpong $frep"

say "One parent, three classes: every function has its eswitch port"
run devlink port show
run "echo 1 > /sys/bus/mdevc/devices/$vu/remove; echo 1 > /sys/bus/mdevc/devices/$fu/remove"

say "The SF's own instance has mlx5's driverinit params; a reload applies them"
sfdl=mdevc/$uuid
run devlink dev param show $sfdl name io_eq_size
run devlink dev param set $sfdl name max_macs value 3 cmode driverinit
run devlink dev param set $sfdl name io_eq_size value 256 cmode driverinit
run devlink dev reload $sfdl
run "grep 'vport 0x8000 ' /sys/kernel/debug/sfnic/sfnic0/model/vports"
run devlink dev show -s $sfdl

say "A reload into a network namespace takes the instance and its netdev along"
run "ip netns add sfdl; devlink dev reload $sfdl netns sfdl"
run devlink dev show
run ip netns exec sfdl devlink dev show
run ip -n sfdl link show
say "Deleting the namespace brings the instance back (devlink reloads it)"
run "ip netns del sfdl; sleep 1; devlink dev show"
run "ls /sys/bus/mdevc/devices/$uuid/net"

say "The NIC's own instance reloads only while no SF has its device (as mlx5)"
run devlink dev reload $DEV

say "Tear down: deactivate, delete (an active SF is deactivated first)"
run devlink port function set $DEV/32768 state inactive
run devlink port show $DEV/32768
run devlink port del $DEV/32768
run devlink port del "$p2"
run "echo 1 > /sys/bus/mdevc/devices/\$(cat /tmp/sf2)/remove"
run devlink port show
run devlink dev eswitch set $DEV mode legacy

say "Flash a firmware image (devlink fetches it with request_firmware()), run it"
fwp=/sys/module/firmware_class/parameters/path
old_fwp=$(cat $fwp)
mkdir -p /tmp/sfnic-fw/sfnic
# The image format of Documentation/sfnic-model.rst: header, then payload.
python3 - /tmp/sfnic-fw/sfnic/fw-1.5.7.bin <<'PY'
import struct, sys, zlib
payload = bytes(range(256)) * 256
body = struct.pack('<IHHHHI', 1, 1, 5, 7, 0, len(payload)) + payload
open(sys.argv[1], 'wb').write(b'SFFW' + struct.pack('<I', zlib.crc32(body)) + body)
PY
run "od -A d -t x1 -N 24 /tmp/sfnic-fw/sfnic/fw-1.5.7.bin"
run "printf '%s\\0' /tmp/sfnic-fw > $fwp"
run "head -c 1000 /tmp/sfnic-fw/sfnic/fw-1.5.7.bin > /tmp/sfnic-fw/sfnic/cut.bin"
run devlink dev flash $DEV file sfnic/cut.bin
run devlink dev flash $DEV file sfnic/fw-1.5.7.bin
run devlink dev info $DEV
run devlink dev reload $DEV action fw_activate
up=$(devlink port show $DEV/65535 | sed -n 's/.*netdev \([^ ]*\).*/\1/p')
run ethtool -i "$up"
run devlink -s dev show $DEV
printf '%s\0' "$old_fwp" > $fwp
rm -rf /tmp/sfnic-fw

run "echo 0 > /sys/bus/sfnic/del_device"
run "ip netns del sf1; ip netns del sf2; ip netns del far; ip link del br0"
run modprobe -r sfnic
run "ls /sys/bus/mdevc/devices/ | wc -l"
