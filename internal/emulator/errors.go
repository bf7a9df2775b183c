package emulator

import (
	"fmt"
	"net/http"
)

// apiError is an error answer: an HTTP status, Alibaba's code and message.
type apiError struct {
	status  int
	code    string
	message string
}

func newError(status int, code, message string) *apiError {
	return &apiError{status: status, code: code, message: message}
}

// productText is the wording of a product's errors; the seeds word the same
// code differently per product.
type productText struct {
	throttle            apiError
	quotaExceeded       string
	perMinute           string
	queueFull           string
	objectPathMalformed string
	extensiveDomain     string
	objectType          func(value string) *apiError
	domainNotFound      int // HTTP status of InvalidDomain.NotFound
}

// cdnText is worded as seed 003's error table. Its per-second answer is
// 429 TooManyRequests, the code seeds 003 and 001 list today (their change
// history shows it added in 2023-07, dropped and listed again); VOD's table
// (seed 002) answers Throttling with 503. Clients must handle both.
var cdnText = productText{
	throttle:            apiError{http.StatusTooManyRequests, "TooManyRequests", "Too many requests, please try again later"},
	quotaExceeded:       "Your refresh attempts have exceeded the daily limit.",
	perMinute:           "You tried to refresh too frequently, please try again later.",
	queueFull:           "The refresh queue is full, please try again later.",
	objectPathMalformed: "The specified ObjectPath is invalid.",
	extensiveDomain:     "The specified ExtensiveDomain is not supported.",
	objectType:          errObjectTypeMalformed,
	domainNotFound:      http.StatusBadRequest, // assumed: the sources give no status for CDN
}

// dcdnText is worded as seed 001's error table (seed 000 agrees).
var dcdnText = productText{
	throttle:            apiError{http.StatusTooManyRequests, "TooManyRequests", "Too many requests, please try again later"},
	quotaExceeded:       "Your refresh attempts have exceeded the daily limit.",
	perMinute:           "You tried to refresh too frequently; please try again later.",
	queueFull:           "The refresh queue is full; please try again later.",
	objectPathMalformed: "The specified ObjectPath is invalid.",
	extensiveDomain:     "The specified ExtensiveDomain is not supported.",
	objectType:          errObjectTypeMalformed,
	domainNotFound:      http.StatusBadRequest, // assumed: the sources give no status for DCDN
}

// vodText is worded as seed 002's error table.
var vodText = productText{
	throttle:            apiError{http.StatusServiceUnavailable, "Throttling", "Request was denied due to request throttling."},
	quotaExceeded:       "You’ve exceeded the prescribed refresh limits.",
	perMinute:           "You’ve exceeded the prescribed refresh limits per minute.",
	queueFull:           "The refresh queue is full, please try again later.", // assumed: not in seed 002; CDN's wording
	objectPathMalformed: "The specific value of parameter ObjectPath is malformed.",
	extensiveDomain:     "Extensive domain not supported.",
	objectType: func(value string) *apiError {
		return newError(http.StatusBadRequest, "InvalidObjectType.ValueNotSupported",
			fmt.Sprintf("The specified value of %q is not supported.", value))
	},
	domainNotFound: http.StatusNotFound,
}

func (p *product) throttled() *apiError {
	t := p.text.throttle
	return &t
}

func (p *product) errQuotaExceeded() *apiError {
	return newError(http.StatusBadRequest, "QuotaExceeded.Refresh", p.text.quotaExceeded)
}

func (p *product) errPerMinute() *apiError {
	return newError(http.StatusBadRequest, "QuotaPerMinuteExceeded.Refresh", p.text.perMinute)
}

// errPreloadQueueFull: the prefetch queue holds no more (ref §4: 403 for
// PushObjectCache; VOD's table, seed 002, agrees; seed 000 says 400).
func errPreloadQueueFull() *apiError {
	return newError(http.StatusForbidden, "PreloadQueueFull", "Preload queue is full, please try again later!")
}

func (p *product) errQueueFull() *apiError {
	return newError(http.StatusBadRequest, "TooMany.Refresh", p.text.queueFull)
}

func (p *product) errObjectPath() *apiError {
	return newError(http.StatusBadRequest, "InvalidObjectPath.Malformed", p.text.objectPathMalformed)
}

func (p *product) errExtensiveDomain() *apiError {
	return newError(http.StatusBadRequest, "InvalidExtensiveDomain.ValueNotSupported", p.text.extensiveDomain)
}

func errObjectTypeMalformed(string) *apiError {
	return newError(http.StatusBadRequest, "InvalidObjectType.Malformed", "The specified ObjectType is invalid.")
}

func (p *product) errDomainNotFound() *apiError {
	return newError(p.text.domainNotFound, "InvalidDomain.NotFound", "The domain provided does not belong to you.") // seed 002, ref §1
}

// Errors common to the products' refresh operations.

func errMissingObjectPath() *apiError { // seed 002
	return newError(http.StatusBadRequest, "MissingParameter",
		`The input parameter "ObjectPath" that is mandatory for processing this request is not supplied.`)
}

func errOverLimit(limit int, noun string) *apiError { // seed 000, 001, 003 (the URL wording)
	return newError(http.StatusBadRequest, "SingleRequest.OverLimit",
		fmt.Sprintf("A maximum of %d %s are supported for each request.", limit, noun))
}

func errPathSize() *apiError { // seed 000; the message says 1000 although the rule is 1,024
	return newError(http.StatusBadRequest, "InvalidObjectPath.Size.Malformed", "The size of ObjectPath is bigger than 1000.")
}

func errInvalidParameters() *apiError { // seed 000
	return newError(http.StatusBadRequest, "InvalidParameters", "The parameters you provided are invalid.")
}

// Errors of the task look-ups (ref §4).

func errInvalidTaskID() *apiError {
	return newError(http.StatusBadRequest, "InvalidTaskId.Malformed", "The specified TaskId is invalid.")
}

func errMissingTimeParameter() *apiError {
	return newError(http.StatusBadRequest, "MissingTimeParameter", "The StartTime and EndTime must be both specified.")
}

func errMissingObjectTypeFilter() *apiError { // the reference has the message truncated; this wording is ours
	return newError(http.StatusBadRequest, "MissingParameter.ObjectType", "The ObjectType is required when DomainName or Status is specified.")
}

// Errors of the API gateway (POP), shared by every product. Codes and
// messages as the gateway returns them; see the report for sources.

func errMissing(param string) *apiError {
	return newError(http.StatusBadRequest, "Missing"+param, param+" is mandatory for this action.")
}

func errInvalidParameter(param string) *apiError {
	return newError(http.StatusBadRequest, "InvalidParameter", fmt.Sprintf("The specified parameter %q is not valid.", param))
}

func errInvalidVersion() *apiError {
	return newError(http.StatusBadRequest, "InvalidVersion", "Specified parameter Version is not valid.")
}

func errActionNotFound() *apiError {
	return newError(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
}

func errAccessKeyNotFound() *apiError {
	return newError(http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
}

// errSignatureMismatch carries the server's string-to-sign after the marker
// the SDK splits on ("server string to sign is:").
func errSignatureMismatch(stringToSign string) *apiError {
	return newError(http.StatusBadRequest, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
}

// errIncompleteSignature: a V3 signature lacking a part. The code and its
// message are the gateway's; what is missing follows, the emulator's words.
func errIncompleteSignature(what string) *apiError {
	return newError(http.StatusBadRequest, "IncompleteSignature",
		"The request signature does not conform to Aliyun standards: "+what+".")
}

func errTimestampFormat() *apiError {
	return newError(http.StatusBadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
}

func errTimestampExpired() *apiError {
	return newError(http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
}

func errNonceUsed() *apiError {
	return newError(http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
}

func errTokenMismatch() *apiError {
	return newError(http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.")
}

func errServiceUnavailable() *apiError {
	return newError(http.StatusServiceUnavailable, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
}
