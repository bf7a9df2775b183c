# Signature v1. --endpoint sends the call to the emulator instead of
# Alibaba, --insecure over plain HTTP.
aliyun cdn RefreshObjectCaches --ObjectPath 'https://example.com/index.html' --ObjectType File \
  --access-key-id demo-key --access-key-secret demo-secret --region cn-hangzhou \
  --endpoint 127.0.0.1:8787 --insecure

aliyun dcdn DescribeDcdnRefreshQuota \
  --access-key-id demo-key --access-key-secret demo-secret --region cn-hangzhou \
  --endpoint 127.0.0.1:8787 --insecure
