package remote

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"strings"
	"time"
)

// CertPaths are where the self-signed certificate of the store at path and
// its key are kept.
func CertPaths(path string) (cert, key string) { return path + ".cert.pem", path + ".key.pem" }

// LoadOrMakeCert loads the certificate and key at certFile and keyFile,
// or, when neither exists, makes a self-signed one for hosts (and
// localhost) and writes them there (the key mode 0600). made says it did.
func LoadOrMakeCert(certFile, keyFile string, hosts []string, now time.Time) (c tls.Certificate, made bool, err error) {
	_, errC := os.Stat(certFile)
	_, errK := os.Stat(keyFile)
	if errors.Is(errC, os.ErrNotExist) && errors.Is(errK, os.ErrNotExist) {
		if err := makeCert(certFile, keyFile, hosts, now); err != nil {
			return c, false, err
		}
		made = true
	}
	c, err = tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return c, made, fmt.Errorf("load certificate %s and key %s: %w", certFile, keyFile, err)
	}
	return c, made, nil
}

func makeCert(certFile, keyFile string, hosts []string, now time.Time) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return err
	}
	tmpl := x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "folio serve"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(10, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	for _, h := range hosts {
		if h == "" {
			continue
		}
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &key.PublicKey, key)
	if err != nil {
		return fmt.Errorf("make a certificate: %w", err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})); err != nil {
		return fmt.Errorf("write key %s: %w", keyFile, err)
	}
	if err := writeFileAtomic(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})); err != nil {
		return fmt.Errorf("write certificate %s: %w", certFile, err)
	}
	return nil
}

// Fingerprint is the SHA-256 of a certificate's DER, as clients pin it:
// "sha256:" and 64 hex digits.
func Fingerprint(c tls.Certificate) string {
	if len(c.Certificate) == 0 {
		return ""
	}
	sum := sha256.Sum256(c.Certificate[0])
	return "sha256:" + hex.EncodeToString(sum[:])
}

// PinnedTLS is a client configuration that accepts the server whose
// certificate has the fingerprint fp (as Fingerprint gives it), and no
// other; with fp empty, the system's roots verify the server.
func PinnedTLS(fp string) (*tls.Config, error) {
	if fp == "" {
		return &tls.Config{MinVersion: tls.VersionTLS12}, nil
	}
	want, err := hex.DecodeString(strings.TrimPrefix(strings.ToLower(fp), "sha256:"))
	if err != nil || len(want) != sha256.Size {
		return nil, fmt.Errorf("fingerprint %q: want sha256: and 64 hex digits (folio serve prints it)", fp)
	}
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		// the pin replaces the chain: a self-signed certificate has none
		InsecureSkipVerify: true,
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return errors.New("the server sent no certificate")
			}
			got := sha256.Sum256(raw[0])
			if subtle.ConstantTimeCompare(got[:], want) != 1 {
				return &PinError{Got: "sha256:" + hex.EncodeToString(got[:]), Pinned: fp}
			}
			return nil
		},
	}, nil
}

// ErrUntrusted is returned (wrapped) when a server's certificate is not
// trusted: no root of the system's signs it, it is not for the server's
// name or time, or it is not the one pinned (then the error is also a
// *PinError). The server is there; the client sent it nothing.
var ErrUntrusted = errors.New("the server's certificate is not trusted")

// PinError says that a server's certificate is not the one pinned.
type PinError struct {
	Got    string // the server's fingerprint, as Fingerprint gives it
	Pinned string // the fingerprint pinned
}

func (e *PinError) Error() string {
	return fmt.Sprintf("the server's certificate is %s, not the pinned %s", e.Got, e.Pinned)
}

// tlsError is err, from a request, as a TLS failure that is no owner's
// going away: an untrusted certificate (ErrUntrusted), a server that does
// not speak TLS, or one that refused the handshake. It returns nil for
// any other error.
func tlsError(err error) error {
	var (
		pin      *PinError
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		header   tls.RecordHeaderError
		alert    tls.AlertError
	)
	switch {
	case errors.As(err, &pin):
		return fmt.Errorf("%w: %w", ErrUntrusted, pin)
	case errors.As(err, &unknown):
		return fmt.Errorf("%w (%v)", ErrUntrusted, unknown)
	case errors.As(err, &hostname):
		return fmt.Errorf("%w (%v)", ErrUntrusted, hostname)
	case errors.As(err, &invalid):
		return fmt.Errorf("%w (%v)", ErrUntrusted, invalid)
	case errors.As(err, &verify):
		return fmt.Errorf("%w (%v)", ErrUntrusted, verify.Err)
	case errors.As(err, &header):
		return errors.New("the server does not speak TLS (is it folio serve --listen?)")
	case errors.As(err, &alert):
		return fmt.Errorf("the server refused the TLS handshake (%v)", alert)
	}
	return nil
}

// ServeTLS serves on the TCP address addr over TLS with cert, to clients
// with a token in tokens (their reviewer name is what the change log
// records). It returns the address it listens on.
func (s *Server) ServeTLS(addr string, cert tls.Certificate, tokens *Tokens) (net.Addr, error) {
	ln, err := tls.Listen("tcp", addr, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	if err != nil {
		return nil, fmt.Errorf("serve on %s: %w", addr, err)
	}
	if err := s.serve(ln, tokens.auth, true); err != nil {
		return nil, err
	}
	return ln.Addr(), nil
}
