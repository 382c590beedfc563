module istio-gateway-tls-go

go 1.24
