#!/usr/bin/env bash
# Measures the TLS and SSH fingerprints of the clients and servers the test suite runs, on loopback only, and prints
# the lines of pipeline/src/main/resources/org/stasensor/pipeline/enrich/software/sta-lab.tsv (JA3, HASSH and
# HASSHServer from tshark, the oracle; JA4 from `bin/sta analyze`, whose JA4 is checked against FoxIO's reference
# outputs by Ja4MatchesReferenceOutputTest). Each client is run exactly as LabClients.java runs it in the tests.
# Usage: measure-lab-clients.sh [STA_HOME]   (run as root: tcpdump on lo, sshd)
set -euo pipefail
STA_HOME="${1:-$(cd "$(dirname "$0")/../../../../../../../../.." && pwd)}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
WORK="$(mktemp -d /tmp/sta-measure.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
TLS_PORT=44330; SSHD_PORT=42220; DROPBEAR_PORT=42221
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost >/dev/null 2>&1
openssl s_server -quiet -accept 127.0.0.1:$TLS_PORT -cert "$WORK/cert.pem" -key "$WORK/key.pem" -www \
  -alpn http/1.1 </dev/null >/dev/null 2>&1 & PIDS+=($!)
ssh-keygen -q -N '' -t ed25519 -f "$WORK/host_ed25519"
mkdir -p /run/sshd
printf 'ListenAddress 127.0.0.1\nPort %s\nHostKey %s\nPidFile %s\nUsePAM no\n' $SSHD_PORT "$WORK/host_ed25519" \
  "$WORK/sshd.pid" > "$WORK/sshd_config"
/usr/sbin/sshd -D -e -f "$WORK/sshd_config" 2>/dev/null & PIDS+=($!)
dropbearkey -t ed25519 -f "$WORK/dropbear_ed25519" >/dev/null 2>&1
/usr/sbin/dropbear -F -E -s -p 127.0.0.1:$DROPBEAR_PORT -r "$WORK/dropbear_ed25519" 2>/dev/null & PIDS+=($!)
sleep 1
tcpdump -i lo -U -s 0 -w "$WORK/lab.pcap" "tcp port $TLS_PORT or tcp port $SSHD_PORT or tcp port $DROPBEAR_PORT" \
  2>/dev/null & TCPDUMP=$!
sleep 1
# The clients; keep in step with LabClients.java.
openssl s_client -connect 127.0.0.1:$TLS_PORT </dev/null >/dev/null 2>&1 || true
curl -sk -o /dev/null https://localhost:$TLS_PORT/ || true
python3 -c "import ssl,urllib.request; c=ssl.create_default_context(); c.check_hostname=False; \
c.verify_mode=ssl.CERT_NONE; urllib.request.urlopen('https://localhost:$TLS_PORT/', context=c).read()" || true
cat > "$WORK/JavaHttpClient.java" <<'JAVA'
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
public class JavaHttpClient
{
    public static void main(final String[] args) throws Exception
    {
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new X509TrustManager()
        {
            public void checkClientTrusted(final X509Certificate[] chain, final String type) { }
            public void checkServerTrusted(final X509Certificate[] chain, final String type) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        HttpClient.newBuilder().sslContext(context).build().send(HttpRequest.newBuilder(URI.create(args[0])).build(),
            HttpResponse.BodyHandlers.discarding());
    }
}
JAVA
"$JAVA" -Djdk.internal.httpclient.disableHostnameVerification=true "$WORK/JavaHttpClient.java" \
  https://localhost:$TLS_PORT/ >/dev/null 2>&1 || true
SSHOPT=(-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
  -o IdentityAgent=none -o ConnectTimeout=10)
ssh "${SSHOPT[@]}" -p $SSHD_PORT nobody@127.0.0.1 true </dev/null >/dev/null 2>&1 || true
ssh "${SSHOPT[@]}" -p $DROPBEAR_PORT nobody@127.0.0.1 true </dev/null >/dev/null 2>&1 || true
timeout 10 dbclient -y -y -p $SSHD_PORT nobody@127.0.0.1 true </dev/null >/dev/null 2>&1 || true
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
echo "# measured $(date -u +%F) on $(. /etc/os-release; echo "$PRETTY_NAME")" >&2
echo "# $(openssl version) | $(curl --version | head -1) | $(python3 --version) | $("$JAVA" -version 2>&1 | head -1) | $(ssh -V 2>&1) | dropbear $(dpkg-query -W -f '${Version}' dropbear-bin 2>/dev/null)" >&2
tshark -n -r "$WORK/lab.pcap" -d tcp.port==$TLS_PORT,tls -d tcp.port==$SSHD_PORT,ssh -d tcp.port==$DROPBEAR_PORT,ssh \
  -Y 'tls.handshake.type == 1 || ssh.kex.hassh || ssh.kex.hasshserver' -T fields -E separator=/t \
  -e tcp.srcport -e tcp.dstport -e tls.handshake.ja3 -e ssh.kex.hassh -e ssh.kex.hasshserver -e ssh.protocol
"$STA_HOME/bin/sta" analyze "$WORK/lab.pcap" --output "$WORK/records.json" >/dev/null 2>&1 \
  && grep -o '"ja4":"[^"]*"\|"port":[0-9]*' "$WORK/records.json" | paste -sd' ' | sed 's/"port"/\n"port"/g' >&2 || true
cp "$WORK/lab.pcap" /tmp/sta-measure-lab.pcap
