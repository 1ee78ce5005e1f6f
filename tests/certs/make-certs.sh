#!/usr/bin/env bash
# Regenerate the test PKI for sslshim using only the `openssl` CLI.
#
#   tests/certs/make-certs.sh            # writes into tests/certs/
#
# File names are fixed; key material changes on every run (commit the result).
# All certificates are issued with `openssl ca` so validity windows are exact.
#
# Files
#   ca.pem / ca.key                 root CA, ECDSA P-256, "/O=sslshim/CN=sslshim Test Root CA"
#   intermediate.pem / .key         intermediate CA (pathlen 0) issued by the root
#   server.pem                      leaf "/O=sslshim/CN=localhost", SAN DNS:localhost, IP:127.0.0.1,
#                                   ECDSA P-256, issued by the intermediate
#   server-chain.pem                server.pem + intermediate.pem
#   server.key                      its key, PKCS#8   ("BEGIN PRIVATE KEY")
#   server-ec.key                   same key, SEC1    ("BEGIN EC PRIVATE KEY")
#   server-rsa.pem / -chain.pem     same names, RSA-2048, issued by the intermediate
#   server-rsa.key                  its key, PKCS#1   ("BEGIN RSA PRIVATE KEY")
#   server-rsa-pkcs8.key            same key, PKCS#8
#   server-ed25519.pem / -chain.pem / .key   same names, Ed25519, issued by the intermediate
#   client.pem / client-chain.pem / client.key   client cert "/O=sslshim/CN=sslshim test client"
#   expired.pem / .key              localhost leaf issued by the ROOT, valid 2000-01-01..2001-01-01
#   notyet.pem / .key               localhost leaf issued by the ROOT, valid 2090-01-01..2120-01-01
#   selfsigned.pem / .key           self-signed localhost leaf
#   selfsigned-ca.pem / .key        self-signed localhost certificate with CA:TRUE and no
#                                   key usages (`openssl req -x509`'s kind; Node's tests
#                                   present one as a client certificate)
#   ca-leaf.pem / .key              localhost certificate with CA:TRUE and no key usages,
#                                   issued by the ROOT (OpenSSL takes it as a peer's own)
#   names.pem / .key                self-signed; a subject with characters
#                                   RFC 2253 escapes, a multi-valued RDN,
#                                   UTF-8 and IA5 values, and every
#                                   subjectAltName kind (tests/c/x509_name.c)
#   exts.pem / .key                 self-signed; negative serial, every extension kind
#                                   X509V3_EXT_print knows (AKI with issuer and
#                                   serial, otherNames) and two it does not
#                                   (tests/c/cert_fields.c)
#   untrusted-ca.pem / .key         a CA that is NOT in ca.pem
#   untrusted.pem / .key            localhost leaf issued by untrusted-ca
#   impostor.pem / .key             localhost leaf whose issuer name is the root's, signed by
#                                   another key (its authorityKeyIdentifier names that key)
#   wrong-host.pem / -chain.pem / .key   leaf for other.example only, issued by the intermediate
#   cn-only.pem / -chain.pem / .key      leaf naming localhost in its CN only (no subjectAltName)
#   v1.pem / .key                   X.509 version 1 (no extensions) localhost leaf, ECDSA P-256,
#                                   issued by the intermediate
#   v1-root.pem / .key              X.509 v1 localhost leaf, ECDSA P-256, issued by the root
#                                   (what `openssl x509 -req -CA` makes without -extfile)
#   v1-rsa.pem / .key               the same, RSA-2048
#   v1-forged.pem / .key            X.509 v1 localhost leaf naming the root as its issuer,
#                                   signed by another key (v1: no key identifier to tell)
#   cadir/<hash>.0                  copy of ca.pem under its `openssl rehash` name
#   revoked.pem / -chain.pem / .key localhost leaf issued by the intermediate, revoked in
#                                   intermediate.crl.pem
#   revoked-int.pem / .key          intermediate CA issued by the root, revoked in ca.crl.pem
#   under-revoked.pem / -chain.pem / .key   localhost leaf issued by revoked-int
#   intermediate.crl.pem            the intermediate's CRL (v2): revoked.pem revoked
#   ca.crl.pem                      the root's CRL (v2): revoked-int.pem revoked
#   revoked-int.crl.pem             revoked-int's CRL (v2), revoking nothing
#   intermediate-expired.crl.pem    the intermediate's CRL, valid 2000-01-01..2001-01-01,
#                                   revoking nothing
#   intermediate-badsig.crl.pem     a CRL naming the intermediate as issuer, signed by
#                                   another key (no authorityKeyIdentifier)
#   crldir/<hash>.0, <hash>.r0      hashed directory: ca.pem, and the CRLs of ca, intermediate
#                                   and revoked-int under their `openssl rehash` names
#   CRLs are valid 2025-01-01 .. 2120-01-01 unless said otherwise
#   valid certificates: 2025-01-01 .. 2120-01-01
#
# Expected `openssl verify` outcomes (checked at the end of this script):
#   verify -CAfile ca.pem -untrusted intermediate.pem server.pem           -> OK
#   verify -CAfile ca.pem -untrusted intermediate.pem server-rsa.pem       -> OK
#   verify -CAfile ca.pem -untrusted intermediate.pem client.pem           -> OK
#   verify -CApath cadir  -untrusted intermediate.pem server.pem           -> OK
#   verify -CAfile ca.pem -untrusted intermediate.pem -verify_hostname localhost server.pem -> OK
#   verify -CAfile ca.pem -verify_ip 127.0.0.1 -untrusted intermediate.pem server.pem      -> OK
#   verify -CAfile ca.pem untrusted.pem                                    -> error 20 (unable to get local issuer certificate)
#   verify -CAfile ca.pem impostor.pem                                     -> error 20 (no issuer: key identifiers differ)
#   verify -CAfile ca.pem selfsigned.pem                                   -> error 18 (self-signed certificate)
#   verify -CAfile ca.pem selfsigned-ca.pem                                -> error 18 (self-signed certificate)
#   verify -CAfile ca.pem -verify_hostname localhost ca-leaf.pem           -> OK
#   verify -CAfile ca.pem expired.pem                                      -> error 10 (certificate has expired)
#   verify -CAfile ca.pem notyet.pem                                       -> error 9  (certificate is not yet valid)
#   verify -CAfile ca.pem -untrusted intermediate.pem -verify_hostname localhost wrong-host.pem -> error 62 (hostname mismatch)
#   verify -CAfile ca.pem -untrusted intermediate.pem wrong-host.pem       -> OK (no name requested)
#   verify -CAfile ca.pem -untrusted intermediate.pem -verify_hostname localhost cn-only.pem -> OK (CN fallback)
#   verify -CAfile intermediate.pem server.pem                             -> error 2 (no PARTIAL_CHAIN)
#   verify -crl_check -CAfile ca.pem -CRLfile intermediate.crl.pem -untrusted intermediate.pem revoked.pem -> error 23
#   verify -crl_check -CAfile ca.pem -CRLfile intermediate.crl.pem -untrusted intermediate.pem server.pem  -> OK
#   verify -crl_check -CAfile ca.pem -untrusted intermediate.pem server.pem -> error 3 (no CRL)
#   verify -crl_check_all -CApath crldir -untrusted intermediate.pem server.pem -> OK
#   verify -crl_check_all -CApath crldir -untrusted revoked-int.pem under-revoked.pem -> error 23
#   verify -crl_check -CAfile ca.pem -CRLfile intermediate-expired.crl.pem -untrusted intermediate.pem server.pem -> error 12
#   verify -crl_check -CAfile ca.pem -CRLfile intermediate-badsig.crl.pem -untrusted intermediate.pem server.pem -> error 8
#   verify -CAfile ca.pem -verify_hostname localhost v1-root.pem           -> OK
#   verify -CAfile ca.pem v1-rsa.pem                                       -> OK
#   verify -CAfile ca.pem v1-forged.pem                                    -> error 7 (signature failure)
set -euo pipefail

OUT="$(cd "$(dirname "$0")" && pwd)"
cd "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

VALID_FROM=20250101000000Z
VALID_TO=21200101000000Z

cat >"$WORK/ca.cnf" <<CNF
[ ca ]
default_ca = CA_default
[ CA_default ]
dir             = $WORK
database        = \$dir/index.txt
new_certs_dir   = \$dir/newcerts
serial          = \$dir/serial
crlnumber       = \$dir/crlnumber
default_md      = sha256
policy          = policy_any
unique_subject  = no
email_in_dn     = no
copy_extensions = none
[ policy_any ]
organizationName = optional
commonName       = supplied
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused
[ v3_root ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[ v3_intermediate ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[ v3_server_ec ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[ v3_server_rsa ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[ v3_client ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[ v3_other ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:other.example
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[ v3_cn_only ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[ crl_ext ]
authorityKeyIdentifier = keyid:always
[ crl_ext_bare ]
[ names_dir ]
C  = US
O  = Dir Org
CN = dir name
[ v3_selfsigned ]
basicConstraints       = critical, CA:FALSE
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
[ v3_selfsigned_ca ]
basicConstraints       = critical, CA:TRUE
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
CNF

ecKey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
rsaKey() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }
edKey() { openssl genpkey -algorithm ED25519 -out "$1" 2>/dev/null; }

# sign NAME SUBJECT EXT_SECTION|"none" ISSUER_CERT|"self" ISSUER_KEY START END
# Creates NAME.pem from NAME.key ("none": no extensions, an X.509 v1 certificate).
sign() {
    local name=$1 subj=$2 ext=$3 icert=$4 ikey=$5 start=$6 end=$7
    rm -rf "$WORK/newcerts" "$WORK/index.txt"*
    mkdir -p "$WORK/newcerts"
    : >"$WORK/index.txt"
    echo 01 >"$WORK/serial"
    openssl req -new -config "$WORK/ca.cnf" -key "$name.key" -subj "$subj" -out "$WORK/$name.csr"
    local issuer=(-cert "$icert" -keyfile "$ikey")
    [ "$icert" = self ] && issuer=(-selfsign -keyfile "$ikey")
    local exts=(-extensions "$ext")
    [ "$ext" = none ] && exts=()
    openssl ca -batch -config "$WORK/ca.cnf" -notext -preserveDN -rand_serial \
        "${exts[@]}" "${issuer[@]}" -startdate "$start" -enddate "$end" \
        -in "$WORK/$name.csr" -out "$name.pem" 2>"$WORK/ca.log" || { cat "$WORK/ca.log" >&2; exit 1; }
}

# crl OUT EXT_SECTION ISSUER_CERT ISSUER_KEY LAST NEXT [REVOKED_CERT...]
# Writes OUT, a v2 CRL (crlNumber 1, EXT_SECTION's extensions) revoking
# the certificates given (reason keyCompromise).
crl() {
    local out=$1 ext=$2 icert=$3 ikey=$4 last=$5 next=$6
    shift 6
    rm -rf "$WORK/newcerts" "$WORK/index.txt"*
    mkdir -p "$WORK/newcerts"
    : >"$WORK/index.txt"
    echo 01 >"$WORK/crlnumber"
    local issuer=(-config "$WORK/ca.cnf" -cert "$icert" -keyfile "$ikey")
    local c
    for c in "$@"; do
        openssl ca -batch "${issuer[@]}" -revoke "$c" -crl_reason keyCompromise \
            2>"$WORK/ca.log" || { cat "$WORK/ca.log" >&2; exit 1; }
    done
    openssl ca -batch "${issuer[@]}" -gencrl -crlexts "$ext" \
        -crl_lastupdate "$last" -crl_nextupdate "$next" -out "$out" \
        2>"$WORK/ca.log" || { cat "$WORK/ca.log" >&2; exit 1; }
}

rm -rf cadir crldir *.pem *.key
mkdir -p cadir crldir

# Root and intermediate
ecKey ca.key
sign ca "/O=sslshim/CN=sslshim Test Root CA" v3_root self ca.key $VALID_FROM $VALID_TO
ecKey intermediate.key
sign intermediate "/O=sslshim/CN=sslshim Test Intermediate CA" v3_intermediate ca.pem ca.key $VALID_FROM $VALID_TO

# ECDSA server leaf: PKCS#8 (server.key) and SEC1 (server-ec.key)
ecKey server.key
sign server "/O=sslshim/CN=localhost" v3_server_ec intermediate.pem intermediate.key $VALID_FROM $VALID_TO
openssl ec -in server.key -out server-ec.key 2>/dev/null
cat server.pem intermediate.pem >server-chain.pem

# RSA server leaf: PKCS#1 (server-rsa.key) and PKCS#8 (server-rsa-pkcs8.key)
rsaKey server-rsa-pkcs8.key
openssl rsa -traditional -in server-rsa-pkcs8.key -out server-rsa.key 2>/dev/null
sign server-rsa "/O=sslshim/CN=localhost" v3_server_rsa intermediate.pem intermediate.key $VALID_FROM $VALID_TO
cat server-rsa.pem intermediate.pem >server-rsa-chain.pem

# Ed25519 server leaf (a third key type for contexts holding several)
edKey server-ed25519.key
sign server-ed25519 "/O=sslshim/CN=localhost" v3_server_ec intermediate.pem intermediate.key $VALID_FROM $VALID_TO
cat server-ed25519.pem intermediate.pem >server-ed25519-chain.pem

# Client certificate
ecKey client.key
sign client "/O=sslshim/CN=sslshim test client" v3_client intermediate.pem intermediate.key $VALID_FROM $VALID_TO
cat client.pem intermediate.pem >client-chain.pem

# Failure cases
ecKey expired.key
sign expired "/O=sslshim/CN=localhost" v3_server_ec ca.pem ca.key 20000101000000Z 20010101000000Z
ecKey notyet.key
sign notyet "/O=sslshim/CN=localhost" v3_server_ec ca.pem ca.key 20900101000000Z $VALID_TO
ecKey selfsigned.key
sign selfsigned "/O=sslshim/CN=localhost" v3_selfsigned self selfsigned.key $VALID_FROM $VALID_TO
ecKey selfsigned-ca.key
sign selfsigned-ca "/O=sslshim/CN=localhost" v3_selfsigned_ca self selfsigned-ca.key $VALID_FROM $VALID_TO
ecKey ca-leaf.key
sign ca-leaf "/O=sslshim/CN=localhost" v3_selfsigned_ca ca.pem ca.key $VALID_FROM $VALID_TO
ecKey names.key
openssl req -x509 -new -utf8 -config "$WORK/ca.cnf" -key names.key -days 36500 \
    -subj "/C=DE/O=Tést, GmbH/OU= lead/OU=#hash/OU=q\"uote\\\\back<>;/CN=a+CN=b/emailAddress=x@example.org/DC=example/CN=trail " \
    -addext "subjectAltName=DNS:names.example,DNS:*.wild.example,IP:192.0.2.1,IP:2001:db8::1,email:x@example.org,URI:https://example.org/p,dirName:names_dir,RID:1.2.3.4,otherName:1.2.3.5;UTF8:other" \
    -out names.pem
# Extensions printed by X509V3_EXT_print, and two it has no method for
# (tests/c/cert_fields.c); a negative serial number.
ecKey exts.key
# SCTs: three OpenSSL reads (ECDSA, RSA with extensions), and a list whose
# one SCT has a signature algorithm it refuses (a parse error).
SCTS=048201080106007600a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a10000018bcfe5687b000004030047303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576005a00b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b200000174876e8007000301020304010028000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627003000c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c300000000000003e800000403000105
BAD_SCTS=04340032003000d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d400000000000003e800000203000105
cat >"$WORK/exts.cnf" <<CNF
[ req ]
distinguished_name = dn
[ dn ]
[ cps_policy ]
policyIdentifier = 1.3.6.1.4.1.99999.1
CPS.1 = "http://cps.example/cps"
CPS.2 = "http://cps.example/cps2"
[ crldp ]
fullname = URI:http://crl3.example/c.crl,DNS:crl4.example
CRLissuer = URI:http://issuer.example
CNF
openssl req -x509 -new -config "$WORK/exts.cnf" -key exts.key -days 36500 -set_serial -5 -subj "/O=sslshim/CN=extensions" \
    -addext "authorityInfoAccess=OCSP;URI:http://ocsp.example,caIssuers;URI:http://ca.example/ca.crt" \
    -addext "crlDistributionPoints=URI:http://crl.example/a.crl,crldp" \
    -addext "certificatePolicies=2.23.140.1.2.1,@cps_policy" \
    -addext "nsComment=a comment" \
    -addext "1.3.6.1.4.1.11129.2.4.3=critical,DER:0500" \
    -addext "1.3.6.1.4.1.11129.2.4.2=DER:$SCTS" \
    -addext "1.3.6.1.4.1.11129.2.4.5=DER:$BAD_SCTS" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:3" \
    -addext "keyUsage=digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly" \
    -addext "extendedKeyUsage=serverAuth,clientAuth,1.2.3.9" \
    -addext "subjectKeyIdentifier=hash" \
    -addext "authorityKeyIdentifier=keyid:always,issuer:always" \
    -addext "subjectAltName=otherName:1.3.6.1.5.5.7.8.5;UTF8:xmpp@example.org,otherName:1.2.3.7;IA5:ia5,otherName:1.2.3.8;INTEGER:7,email:a@b" \
    -addext "issuerAltName=email:issuer@example.org,URI:http://x" \
    -addext "1.2.3.4=DER:0403414243" \
    -addext "1.2.3.6=ASN1:UTF8String:h$(printf '\303\251')llo" \
    -out exts.pem
ecKey untrusted-ca.key
sign untrusted-ca "/O=sslshim untrusted/CN=Untrusted CA" v3_root self untrusted-ca.key $VALID_FROM $VALID_TO
ecKey untrusted.key
sign untrusted "/O=sslshim/CN=localhost" v3_server_ec untrusted-ca.pem untrusted-ca.key $VALID_FROM $VALID_TO
# A leaf naming the root as its issuer but signed by another key (its
# authorityKeyIdentifier says so): OpenSSL finds no issuer for it.
ecKey impostor-ca.key
sign impostor-ca "/O=sslshim/CN=sslshim Test Root CA" v3_root self impostor-ca.key $VALID_FROM $VALID_TO
ecKey impostor.key
sign impostor "/O=sslshim/CN=localhost" v3_server_ec impostor-ca.pem impostor-ca.key $VALID_FROM $VALID_TO
rm impostor-ca.pem impostor-ca.key
ecKey wrong-host.key
sign wrong-host "/O=sslshim/CN=other.example" v3_other intermediate.pem intermediate.key $VALID_FROM $VALID_TO
cat wrong-host.pem intermediate.pem >wrong-host-chain.pem
ecKey cn-only.key
sign cn-only "/O=sslshim/CN=localhost" v3_cn_only intermediate.pem intermediate.key $VALID_FROM $VALID_TO
cat cn-only.pem intermediate.pem >cn-only-chain.pem
ecKey v1.key
sign v1 "/O=sslshim/CN=localhost" none intermediate.pem intermediate.key $VALID_FROM $VALID_TO
ecKey v1-root.key
sign v1-root "/O=sslshim/CN=localhost" none ca.pem ca.key $VALID_FROM $VALID_TO
rsaKey v1-rsa.key
sign v1-rsa "/O=sslshim/CN=localhost" none ca.pem ca.key $VALID_FROM $VALID_TO
ecKey "$WORK/forger.key"
(cd "$WORK" && sign forger "/O=sslshim/CN=sslshim Test Root CA" v3_root self forger.key \
    $VALID_FROM $VALID_TO)
ecKey v1-forged.key
sign v1-forged "/O=sslshim/CN=localhost" none "$WORK/forger.pem" "$WORK/forger.key" $VALID_FROM $VALID_TO

# Hashed CA directory (a copy, not a symlink)
cp ca.pem "cadir/$(openssl x509 -hash -noout -in ca.pem).0"

# Revocation: a revoked leaf under the intermediate, a revoked
# intermediate (and a leaf under it) under the root, and their CRLs.
ecKey revoked.key
sign revoked "/O=sslshim/CN=localhost" v3_server_ec intermediate.pem intermediate.key $VALID_FROM $VALID_TO
cat revoked.pem intermediate.pem >revoked-chain.pem
ecKey revoked-int.key
sign revoked-int "/O=sslshim/CN=sslshim Revoked Intermediate CA" v3_intermediate ca.pem ca.key $VALID_FROM $VALID_TO
ecKey under-revoked.key
sign under-revoked "/O=sslshim/CN=localhost" v3_server_ec revoked-int.pem revoked-int.key $VALID_FROM $VALID_TO
cat under-revoked.pem revoked-int.pem >under-revoked-chain.pem
crl intermediate.crl.pem crl_ext intermediate.pem intermediate.key $VALID_FROM $VALID_TO revoked.pem
crl ca.crl.pem crl_ext ca.pem ca.key $VALID_FROM $VALID_TO revoked-int.pem
crl revoked-int.crl.pem crl_ext revoked-int.pem revoked-int.key $VALID_FROM $VALID_TO
crl intermediate-expired.crl.pem crl_ext intermediate.pem intermediate.key 20000101000000Z 20010101000000Z
# The bad signature: a CA of the intermediate's name with another key
# signs a CRL that does not name its key.
ecKey "$WORK/impostor-int.key"
(cd "$WORK" && sign impostor-int "/O=sslshim/CN=sslshim Test Intermediate CA" v3_intermediate \
    "$OUT/ca.pem" "$OUT/ca.key" $VALID_FROM $VALID_TO)
crl intermediate-badsig.crl.pem crl_ext_bare "$WORK/impostor-int.pem" "$WORK/impostor-int.key" $VALID_FROM $VALID_TO
# Hashed directory with CRLs
cp ca.pem "crldir/$(openssl x509 -hash -noout -in ca.pem).0"
cp ca.crl.pem "crldir/$(openssl crl -hash -noout -in ca.crl.pem).r0"
cp intermediate.crl.pem "crldir/$(openssl crl -hash -noout -in intermediate.crl.pem).r0"
cp revoked-int.crl.pem "crldir/$(openssl crl -hash -noout -in revoked-int.crl.pem).r0"

# Self-check against the expectations listed at the top.
expect() { # expect WANT_CODE openssl-verify-args...
    local want=$1; shift
    local out; out=$(openssl verify "$@" 2>&1) || true
    local got=OK
    if ! grep -q ': OK$' <<<"$out"; then
        got=$(sed -n 's/^error \([0-9]*\) at.*/\1/p' <<<"$out" | head -1)
    fi
    if [ "$got" != "$want" ]; then
        echo "make-certs: openssl verify $* -> $got, expected $want" >&2
        echo "$out" >&2
        exit 1
    fi
}
expect OK -CAfile ca.pem -untrusted intermediate.pem server.pem
expect OK -CAfile ca.pem -untrusted intermediate.pem server-rsa.pem
expect OK -CAfile ca.pem -untrusted intermediate.pem server-ed25519.pem
expect OK -CAfile ca.pem -untrusted intermediate.pem client.pem
expect OK -CApath cadir -untrusted intermediate.pem server.pem
expect OK -CAfile ca.pem -untrusted intermediate.pem -verify_hostname localhost server.pem
expect OK -CAfile ca.pem -untrusted intermediate.pem -verify_ip 127.0.0.1 server.pem
expect 20 -CAfile ca.pem untrusted.pem
expect 20 -CAfile ca.pem impostor.pem
expect 18 -CAfile ca.pem selfsigned.pem
expect 18 -CAfile ca.pem selfsigned-ca.pem
expect OK -CAfile ca.pem -verify_hostname localhost ca-leaf.pem
expect 10 -CAfile ca.pem expired.pem
expect 9 -CAfile ca.pem notyet.pem
expect 62 -CAfile ca.pem -untrusted intermediate.pem -verify_hostname localhost wrong-host.pem
expect OK -CAfile ca.pem -untrusted intermediate.pem wrong-host.pem
expect OK -CAfile ca.pem -untrusted intermediate.pem -verify_hostname localhost cn-only.pem
expect 2 -CAfile intermediate.pem server.pem
expect 23 -crl_check -CAfile ca.pem -CRLfile intermediate.crl.pem -untrusted intermediate.pem revoked.pem
expect OK -crl_check -CAfile ca.pem -CRLfile intermediate.crl.pem -untrusted intermediate.pem server.pem
expect 3 -crl_check -CAfile ca.pem -untrusted intermediate.pem server.pem
expect OK -crl_check_all -CApath crldir -untrusted intermediate.pem server.pem
expect 23 -crl_check_all -CApath crldir -untrusted revoked-int.pem under-revoked.pem
expect 12 -crl_check -CAfile ca.pem -CRLfile intermediate-expired.crl.pem -untrusted intermediate.pem server.pem
expect 8 -crl_check -CAfile ca.pem -CRLfile intermediate-badsig.crl.pem -untrusted intermediate.pem server.pem
expect OK -CAfile ca.pem -verify_hostname localhost v1-root.pem
expect OK -CAfile ca.pem v1-rsa.pem
expect 7 -CAfile ca.pem v1-forged.pem
for v1 in v1 v1-root v1-rsa v1-forged; do
    openssl x509 -in $v1.pem -noout -text | grep -q 'Version: 1 (0x0)'
done
grep -q 'BEGIN EC PRIVATE KEY' server-ec.key
grep -q 'BEGIN PRIVATE KEY' server.key
grep -q 'BEGIN RSA PRIVATE KEY' server-rsa.key
grep -q 'BEGIN PRIVATE KEY' server-rsa-pkcs8.key
echo "make-certs: all certificates generated and verified in $OUT"
