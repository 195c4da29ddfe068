#!/usr/bin/env bash
# Makes the bundled sample capture: real TLS (1.0-1.3, a chain of three with a 4096-bit leaf, ECDSA), SSH and DNS
# traffic between two network namespaces this script creates and deletes. Nothing leaves the namespaces.
# Usage: make-sample.sh OUT.pcap     (needs root, openssl, curl, tcpdump, sshd, sshpass, dnsmasq, dig, tcprewrite)
# Also writes OUT-public.pcap, the demo copy (see the end).
set -euo pipefail
OUT="$(realpath -m "${1:?usage: make-sample.sh OUT.pcap}")"
TAG="stasample$$"
A="${TAG}a"; B="${TAG}b"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  ip netns del "$A" 2>/dev/null || true
  ip netns del "$B" 2>/dev/null || true
  userdel -r stasample 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ip netns add "$A"; ip netns add "$B"
ip link add "${TAG}x" type veth peer name "${TAG}y"
ip link set "${TAG}x" netns "$A"; ip link set "${TAG}y" netns "$B"
ip -n "$A" addr add 10.99.0.1/30 dev "${TAG}x"; ip -n "$B" addr add 10.99.0.2/30 dev "${TAG}y"
for ns in "$A" "$B"; do ip -n "$ns" link set lo up; done
ip -n "$A" link set "${TAG}x" mtu 1500 up; ip -n "$B" link set "${TAG}y" mtu 1500 up
SERVER=10.99.0.1

cd "$WORK"
# Certificate chain: root -> intermediate -> 4096-bit leaf, and a self-signed ECDSA one.
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 3650 -subj "/C=CH/O=STA Sample/CN=STA Sample Root" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout int.key -out int.csr -subj "/C=DE/O=STA Sample/CN=STA Sample Intermediate" 2>/dev/null
printf 'basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n' > int.ext
openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -out int.pem -days 1825 -extfile int.ext 2>/dev/null
openssl req -newkey rsa:4096 -nodes -keyout leaf.key -out leaf.csr -subj "/C=FR/O=STA Sample/CN=www.sample.test" 2>/dev/null
printf 'subjectAltName=DNS:www.sample.test,DNS:sample.test,IP:10.99.0.1\nextendedKeyUsage=serverAuth\n' > leaf.ext
openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial -out leaf.pem -days 365 -extfile leaf.ext 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ec.key -out ec.pem -days 30 -subj "/CN=ecdsa.sample.test" 2>/dev/null

ip netns exec "$A" tcpdump -i "${TAG}x" -U -s 0 -w "$WORK/raw.pcap" -q 2>"$WORK/tcpdump.err" &
PIDS+=($!)
for _ in $(seq 50); do grep -q "listening" "$WORK/tcpdump.err" 2>/dev/null && break; sleep 0.1; done

ip netns exec "$A" openssl s_server -accept 4433 -cert leaf.pem -key leaf.key -cert_chain int.pem -www -cipher 'DEFAULT:@SECLEVEL=0' -quiet >/dev/null 2>&1 &
PIDS+=($!)
ip netns exec "$A" openssl s_server -accept 4434 -cert ec.pem -key ec.key -www -quiet >/dev/null 2>&1 &
PIDS+=($!)
sleep 0.5
for v in tls1 tls1_1 tls1_2 tls1_3; do
  echo | ip netns exec "$B" openssl s_client -connect "$SERVER:4433" -servername www.sample.test -"$v" \
    -cipher 'DEFAULT:@SECLEVEL=0' -alpn http/1.1 >/dev/null 2>&1 || true
done
ip netns exec "$B" curl -sk --resolve www.sample.test:4433:$SERVER https://www.sample.test:4433/ -o /dev/null || true
ip netns exec "$B" curl -sk --http1.1 --tls-max 1.2 --resolve ecdsa.sample.test:4434:$SERVER https://ecdsa.sample.test:4434/ -o /dev/null || true

# SSH: one failed password, then a successful login.
if command -v sshd >/dev/null && command -v sshpass >/dev/null; then
  useradd -m stasample 2>/dev/null || true
  echo 'stasample:sample-pass' | chpasswd
  mkdir -p /run/sshd
  ssh-keygen -q -t ed25519 -N '' -f "$WORK/hostkey"
  cat > sshd.conf <<CFG
ListenAddress $SERVER
Port 2222
HostKey $WORK/hostkey
PidFile $WORK/sshd.pid
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
AllowUsers stasample
CFG
  ip netns exec "$A" /usr/sbin/sshd -D -e -f sshd.conf 2>/dev/null &
  PIDS+=($!)
  sleep 0.5
  SSHOPTS=(-p 2222 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o PreferredAuthentications=password -o PubkeyAuthentication=no -o NumberOfPasswordPrompts=1)
  ip netns exec "$B" sshpass -p wrong ssh "${SSHOPTS[@]}" stasample@$SERVER true 2>/dev/null || true
  ip netns exec "$B" sshpass -p sample-pass ssh "${SSHOPTS[@]}" stasample@$SERVER true 2>/dev/null || true
fi

# DNS: a local zone served by dnsmasq, never forwarded.
if command -v dnsmasq >/dev/null && command -v dig >/dev/null; then
  printf '10.99.0.1 www.sample.test\n10.99.0.1 sample.test\n' > hosts
  ip netns exec "$A" dnsmasq --keep-in-foreground --port=53 --listen-address=$SERVER --bind-interfaces \
    --no-resolv --no-hosts --addn-hosts="$WORK/hosts" --local=/sample.test/ --pid-file="$WORK/dnsmasq.pid" 2>/dev/null &
  PIDS+=($!)
  sleep 0.5
  for name in www.sample.test sample.test xkcd7qzwp3vbn.sample.test; do
    ip netns exec "$B" dig +tries=1 +time=1 @$SERVER "$name" A >/dev/null 2>&1 || true
  done
  ip netns exec "$B" dig +tcp +tries=1 +time=1 @$SERVER www.sample.test AAAA >/dev/null 2>&1 || true
fi

sleep 0.5
kill -INT "${PIDS[0]}" 2>/dev/null || true
wait "${PIDS[0]}" 2>/dev/null || true
cp "$WORK/raw.pcap" "$OUT"
echo "sample written: $OUT ($(stat -c %s "$OUT") bytes)" >&2

# The demo's copy (bin/sta demo): the same packets with the client on a LAN address and the server on a public one
# (FDN's, in France), so that GeoIP, "public service" rules and the like have something to say. Rewritten in the file
# only; nothing was ever sent to that address.
PUBLIC="${OUT%.pcap}-public.pcap"
MAP="10.99.0.1/32:80.67.169.12/32,10.99.0.2/32:192.168.1.20/32"
tcprewrite --srcipmap="$MAP" --dstipmap="$MAP" --fixcsum -i "$OUT" -o "$PUBLIC"
echo "demo copy written: $PUBLIC" >&2
