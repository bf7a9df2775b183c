package emulator

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
	"time"
)

// percentEncode is the RFC 3986 encoding of signature v1 (ref §1): Go's
// query escaping with a space as %20, * as %2A and ~ left alone.
func percentEncode(s string) string {
	s = url.QueryEscape(s)
	s = strings.ReplaceAll(s, "+", "%20")
	s = strings.ReplaceAll(s, "*", "%2A")
	return strings.ReplaceAll(s, "%7E", "~")
}

// stringToSign builds the signature v1 string-to-sign from every query and
// form parameter except Signature:
// METHOD&%2F&percentEncode(sorted k=v pairs joined by &).
func stringToSign(method string, params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = percentEncode(k) + "=" + percentEncode(params[k])
	}
	return method + "&" + percentEncode("/") + "&" + percentEncode(strings.Join(pairs, "&"))
}

// sign is base64(HMAC-SHA1(secret + "&", stringToSign)).
func sign(stringToSign, secret string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// claims are what a signed request states about itself, whichever the
// signature: the key, the time, the nonce, the STS token, and a check of the
// signature with the key's secret.
type claims struct {
	keyID, timestamp, nonce, token string
	verify                         func(secret string) *apiError
}

// authenticate checks a request the way the API gateway does: the parts of
// its signature, a known AccessKeyId, the time window, the signature, the
// STS token, and a fresh nonce. The caller holds e.mu. Both signatures meet
// the same checks in the same order, with the same errors.
//
// The time window and the nonce cache use the machine's real time, not
// Options.Clock: the SDK stamps every request with real time, so a test that
// moves a ManualClock by a day must still be able to call.
func (e *Emulator) authenticate(req *apiRequest) *apiError {
	claimsOf := claimsV1
	if req.v3 {
		claimsOf = claimsV3
	}
	c, err := claimsOf(req)
	if err != nil {
		return err
	}
	cred, ok := e.creds[c.keyID]
	if !ok {
		return errAccessKeyNotFound()
	}
	ts, perr := time.Parse(time.RFC3339, c.timestamp)
	if perr != nil {
		return errTimestampFormat()
	}
	now := time.Now()
	if d := now.Sub(ts); d > timestampWindow || d < -timestampWindow {
		return errTimestampExpired()
	}
	if err := c.verify(cred.AccessKeySecret); err != nil {
		return err
	}
	// A credential configured without a token ignores a token sent: the
	// sources do not say what the gateway does then.
	if cred.SecurityToken != "" {
		switch c.token {
		case cred.SecurityToken:
		case "":
			return errMissing("SecurityToken")
		default:
			return errTokenMismatch()
		}
	}
	if !cred.Expiration.IsZero() && now.After(cred.Expiration) {
		return errTokenExpired()
	}
	return e.useNonce(c.keyID+"\x00"+c.nonce, now)
}

// claimsV1 reads signature v1's common parameters (ref §1).
func claimsV1(req *apiRequest) (claims, *apiError) {
	p := req.params
	for _, k := range []string{"AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"} {
		if p[k] == "" {
			return claims{}, errMissing(k)
		}
	}
	if p["SignatureMethod"] != "HMAC-SHA1" {
		return claims{}, errInvalidParameter("SignatureMethod")
	}
	if p["SignatureVersion"] != "1.0" {
		return claims{}, errInvalidParameter("SignatureVersion")
	}
	return claims{
		keyID:     p["AccessKeyId"],
		timestamp: p["Timestamp"],
		nonce:     p["SignatureNonce"],
		token:     p["SecurityToken"],
		verify: func(secret string) *apiError {
			sts := stringToSign(req.method, p)
			if !hmac.Equal([]byte(sign(sts, secret)), []byte(p["Signature"])) {
				return errSignatureMismatch(sts)
			}
			return nil
		},
	}, nil
}

type nonceEntry struct {
	key string
	at  time.Time
}

// useNonce refuses a nonce seen within nonceWindow and remembers this one.
func (e *Emulator) useNonce(key string, now time.Time) *apiError {
	for len(e.nonceOrder) > 0 && now.Sub(e.nonceOrder[0].at) > nonceWindow {
		delete(e.nonces, e.nonceOrder[0].key)
		e.nonceOrder = e.nonceOrder[1:]
	}
	if _, used := e.nonces[key]; used {
		return errNonceUsed()
	}
	e.nonces[key] = now
	e.nonceOrder = append(e.nonceOrder, nonceEntry{key, now})
	return nil
}
