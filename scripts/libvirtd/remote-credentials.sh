#!/usr/bin/env bash
# Creates what the daemon's TCP/TLS listeners and SASL need for rxvirt's remote-transport tests:
# a CA, server and client certificates (and a second, untrusted CA with its own client
# certificate), a SASL configuration and a sasldb user. Idempotent: existing files are kept.
# Sourced by start.sh; everything lives under $RXVIRT_TEST_DIR.
set -euo pipefail

dir=${RXVIRT_TEST_DIR:-/var/lib/rxvirt-test}
pki="$dir/pki"
untrusted="$dir/pki-untrusted"
sasl="$dir/sasl"
mkdir -p "$pki" "$untrusted" "$sasl"
chmod 755 "$dir"

# make_ca DIR CN: a self-signed CA as DIR/cacert.pem and DIR/cakey.pem.
make_ca() {
  [ -s "$1/cacert.pem" ] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$2" \
    -keyout "$1/cakey.pem" -out "$1/cacert.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# make_cert CADIR OUTDIR NAME CN USAGE [SAN]: OUTDIR/NAMEcert.pem and OUTDIR/NAMEkey.pem signed by CADIR's CA.
make_cert() {
  local ca=$1 out=$2 name=$3 cn=$4 usage=$5 san=${6:-}
  [ -s "$out/${name}cert.pem" ] && return 0
  local ext
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [ -n "$san" ] && echo "subjectAltName=$san"
  } >"$ext"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$cn" -keyout "$out/${name}key.pem" -out "$out/$name.csr" 2>/dev/null
  openssl x509 -req -in "$out/$name.csr" -CA "$ca/cacert.pem" -CAkey "$ca/cakey.pem" -CAcreateserial \
    -days 3650 -extfile "$ext" -out "$out/${name}cert.pem" 2>/dev/null
  rm -f "$ext" "$out/$name.csr"
}

make_ca "$pki" "rxvirt test CA"
make_cert "$pki" "$pki" server localhost serverAuth "IP:127.0.0.1,IP:::1,DNS:localhost"
make_cert "$pki" "$pki" client rxvirt-client clientAuth
# A CA nobody trusts, with a client certificate of its own: for the refused-certificate tests.
make_ca "$untrusted" "rxvirt untrusted CA"
make_cert "$untrusted" "$untrusted" client rxvirt-stranger clientAuth
# Trusts the right CA but presents the stranger's certificate: the daemon must refuse it.
stranger="$dir/pki-stranger"
mkdir -p "$stranger"
cp "$pki/cacert.pem" "$stranger/cacert.pem"
cp "$untrusted/clientcert.pem" "$untrusted/clientkey.pem" "$stranger/"
chmod 600 "$pki"/*key.pem "$untrusted"/*key.pem "$stranger"/*key.pem

# SASL for the service "libvirt": SCRAM-SHA-256 from a private sasldb. libvirtd finds this file
# through SASL_CONF_PATH (start.sh sets it), so nothing is written under /etc/sasl2.
cat >"$sasl/libvirt.conf" <<CONF
mech_list: scram-sha-256
sasldb_path: $sasl/passwd.db
CONF
if ! sasldblistusers2 -f "$sasl/passwd.db" 2>/dev/null | grep -q '^rxvirt@'; then
  printf '%s' 'rxvirt-secret' | saslpasswd2 -p -a libvirt -f "$sasl/passwd.db" -c rxvirt
fi
