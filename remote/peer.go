package remote

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"os/user"
	"strconv"
)

// peerListener lets in only the connections of processes of user uid.
type peerListener struct {
	net.Listener
	uid  int
	errs *log.Logger
}

func (l *peerListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		uc, ok := c.(*net.UnixConn)
		if !ok {
			c.Close()
			continue
		}
		uid, err := peerUID(uc)
		if err != nil || uid != l.uid {
			l.errs.Printf("refused a connection from uid %d: %v", uid, err)
			c.Close()
			continue
		}
		return &peerConn{UnixConn: uc, uid: uid}, nil
	}
}

// peerConn is a Unix connection whose peer's uid was checked.
type peerConn struct {
	*net.UnixConn
	uid int
}

type connKey struct{}

func connContext(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// unixAuth is who a request over the Unix socket comes from: the reviewer
// it names (the same user, who could open the file itself), else the
// peer's login name.
func unixAuth(r *http.Request) (string, error) {
	pc, ok := r.Context().Value(connKey{}).(*peerConn)
	if !ok {
		return "", errors.New("not a checked Unix connection")
	}
	if who := r.Header.Get(headerReviewer); who != "" {
		return who, nil
	}
	if u, err := user.LookupId(strconv.Itoa(pc.uid)); err == nil && u.Username != "" {
		return u.Username, nil
	}
	return "uid " + strconv.Itoa(pc.uid), nil
}
