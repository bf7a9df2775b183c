package alibaba

import (
	"errors"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

// TestRepliesReadAsTheSDKReadsThem: Alibaba's answers give some numbers as
// strings and some IDs as numbers; both read the same, a task array may be
// nested or missing, and an answer that is not JSON is one that came and
// could not be read (so a refresh behind it may have been carried out).
func TestRepliesReadAsTheSDKReadsThem(t *testing.T) {
	rep, err := decodeReply([]byte(`{"RequestId":"r-1","RefreshTaskId":17150934,"TotalCount":"2",
		"Tasks":{"CDNTask":[{"TaskId":1,"ObjectPath":"http://example.com/a","Status":"Complete","Process":"100%"},{"TaskId":"2","Status":null}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.text("RefreshTaskId"); got != "17150934" {
		t.Errorf("RefreshTaskId %q", got)
	}
	if n, err := rep.count("TotalCount"); n != 2 || err != nil {
		t.Errorf("TotalCount %d, %v", n, err)
	}
	tasks, err := rep.tasks("Tasks.CDNTask")
	if err != nil || len(tasks) != 2 || tasks[0].ID != "1" || tasks[0].ObjectPath != "http://example.com/a" || tasks[1].ID != "2" || tasks[1].Status != "" {
		t.Errorf("tasks %+v, %v", tasks, err)
	}
	if tasks, err := rep.tasks("Tasks.Task"); tasks != nil || err != nil {
		t.Errorf("a missing array: %+v, %v", tasks, err)
	}
	if _, err := rep.count("RequestId"); err == nil {
		t.Error("a count that is not a number read without error")
	}

	_, err = decodeReply([]byte(`<html>gateway</html>`))
	var ce *sdkerrors.ClientError
	if !errors.As(err, &ce) || ce.ErrorCode() != sdkerrors.JsonUnmarshalErrorCode {
		t.Fatalf("err %v", err)
	}
	var te *TransportError
	if !errors.As(apiError("RefreshObjectCaches", err), &te) || te.Unsent {
		t.Fatalf("an unreadable answer is %T %v, want a TransportError that may have been sent", apiError("RefreshObjectCaches", err), apiError("RefreshObjectCaches", err))
	}
}
