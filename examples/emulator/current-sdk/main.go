// Command current-sdk purges a URL through the emulator with Alibaba's
// current Go client (github.com/alibabacloud-go/darabonba-openapi/v2), which
// signs with ACS3-HMAC-SHA256 as every generated product client does. The
// product clients (cdn-20180510 and others) take the same Config.
package main

import (
	"fmt"
	"log"
	"os"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

func main() {
	endpoint := "127.0.0.1:8787" // where alicloud-emulator listens
	if e := os.Getenv("EMULATOR_ENDPOINT"); e != "" {
		endpoint = e
	}
	client, err := openapi.NewClient(&openapi.Config{
		AccessKeyId:     tea.String("demo-key"),
		AccessKeySecret: tea.String("demo-secret"),
		Endpoint:        tea.String(endpoint), // instead of cdn.aliyuncs.com
		Protocol:        tea.String("http"),   // the emulator serves plain HTTP
	})
	if err != nil {
		log.Fatal(err)
	}
	params := &openapi.Params{
		Action: tea.String("RefreshObjectCaches"), Version: tea.String("2018-05-10"),
		Protocol: tea.String("HTTPS"), Pathname: tea.String("/"), Method: tea.String("POST"),
		AuthType: tea.String("AK"), Style: tea.String("RPC"), ReqBodyType: tea.String("formData"), BodyType: tea.String("json"),
	}
	request := &openapi.OpenApiRequest{
		Query: openapiutil.Query(map[string]any{}),
		Body:  map[string]any{"ObjectPath": "https://example.com/index.html", "ObjectType": "File"},
	}
	resp, err := client.CallApi(params, request, &dara.RuntimeOptions{})
	if err != nil {
		log.Fatal(err)
	}
	body, _ := resp["body"].(map[string]any) // the JSON answer
	fmt.Println("RefreshTaskId:", body["RefreshTaskId"])
}
