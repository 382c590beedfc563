// The tutorial's gateway from Go. Add the package first, from this folder:
//
//	pulumi package add github.com/<org>/istio-gateway-tls@v0.2.0   # or a local path
//
// `pulumi package add` generates the SDK in sdks/, adds its `replace` line to go.mod and installs the
// program's dependencies. Stack config:
// `gatewayNamespace` and `workloadNamespace` (defaults "default" and "istio-system"), and `rotation`, which
// rotates the credential when changed.
package main

import (
	igt "example.com/pulumi-istio-gateway-tls/sdk/go/istiogatewaytls"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		orDefault := func(key, value string) *string {
			if given := cfg.Get(key); given != "" {
				value = given
			}
			return &value
		}
		var rotation *string
		if given := cfg.Get("rotation"); given != "" {
			rotation = &given
		}
		ingress, err := igt.NewSecureIngress(ctx, "edge", &igt.SecureIngressArgs{
			Gateway: &igt.GatewayConfigArgs{
				Namespace:         orDefault("gatewayNamespace", "default"),
				WorkloadNamespace: orDefault("workloadNamespace", "istio-system"),
			},
			Certificates: igt.CertificateConfigArray{igt.CertificateConfigArgs{
				Name:     "myexample-credential",
				Hosts:    []string{"*.aliyun.com"},
				Rotation: rotation,
			}},
			Routes: igt.RouteConfigArray{igt.RouteConfigArgs{
				Host: "a.aliyun.com", Service: "myexampleapp", Port: 80,
			}},
		})
		if err != nil {
			return err
		}
		ctx.Export("credentials", ingress.CredentialSummaries)
		return nil
	})
}
