// What a hand-written program pays for the same custom resources as the program at BENCH_HOSTS hosts: per
// certificate a CA, a key, a CSR, a signed certificate and its Secret; one Gateway; a VirtualService per
// host; each object with the same content as the program's (its ownership mark, labels and the route's
// prefix match included), so that only the program's own cost differs. No component, validation or config
// model. Rendered to BENCH_RENDER_DIR, as bench/engine.ts runs it.
// BENCH_COMPONENTS=true: the same objects under empty components of the program's types and names, so that
// every URN, parent and name is the program's; what is left between the two is the program's own code.
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Provider } from "@pulumi/kubernetes/provider";
import { CertRequest } from "@pulumi/tls/certRequest";
import { LocallySignedCert } from "@pulumi/tls/locallySignedCert";
import { PrivateKey } from "@pulumi/tls/privateKey";
import { SelfSignedCert } from "@pulumi/tls/selfSignedCert";
import * as pulumi from "@pulumi/pulumi";

const hosts = Number(process.env.BENCH_HOSTS ?? 10);
const domains = Math.max(1, Math.floor(hosts / 50));
const nested = process.env.BENCH_COMPONENTS === "true";
const provider = new Provider(nested ? "kubernetes" : "render", {
    renderYamlToDirectory: process.env.BENCH_RENDER_DIR!,
    kubeconfig: "",
});

/** An empty component of the program's type token, or none (the stack) unless BENCH_COMPONENTS=true. */
class Box extends pulumi.ComponentResource {
    constructor(type: string, name: string, parent?: pulumi.Resource) {
        super(`istio-gateway-tls:${type}`, name, {}, { parent });
        this.registerOutputs({});
    }
}
const box = (type: string, name: string, parent?: pulumi.Resource) =>
    nested ? new Box(type, name, parent) : undefined;
const prefix = nested ? "ingress-" : "";
const ingress = box("index:SecureIngress", "ingress");
// The program's mark on each object (domain/ownership.ts), spelled out.
const annotations = { "istio-gateway-tls.io/stack": `${pulumi.getProject()}/${pulumi.getStack()}` };
const labels = { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "istio-gateway-tls" };

const servers = Array.from({ length: domains }, (_, k) => {
    const name = `bench-d${k}`;
    const authority = { parent: box("pki:CertificateAuthority", `${prefix}${name}`, ingress) };
    const credential = { parent: box("pki:GatewayCredential", `${prefix}${name}`, ingress) };
    const caKey = new PrivateKey(`${prefix}${name}-ca-key`, { algorithm: "RSA", rsaBits: 2048 }, authority);
    const ca = new SelfSignedCert(
        `${prefix}${name}-ca-cert`,
        {
            privateKeyPem: caKey.privateKeyPem,
            subject: { commonName: `d${k}.bench.example` },
            validityPeriodHours: 87600,
            isCaCertificate: true,
            allowedUses: ["cert_signing", "crl_signing"],
        },
        authority,
    );
    const key = new PrivateKey(`${prefix}${name}-key`, { algorithm: "RSA", rsaBits: 2048 }, credential);
    const csr = new CertRequest(
        `${prefix}${name}-csr`,
        {
            privateKeyPem: key.privateKeyPem,
            subject: { commonName: `*.d${k}.bench.example` },
            dnsNames: [`*.d${k}.bench.example`],
        },
        credential,
    );
    const cert = new LocallySignedCert(
        `${prefix}${name}-cert`,
        {
            certRequestPem: csr.certRequestPem,
            caPrivateKeyPem: caKey.privateKeyPem,
            caCertPem: ca.certPem,
            validityPeriodHours: 8760,
            allowedUses: ["server_auth", "digital_signature", "key_encipherment"],
        },
        credential,
    );
    const secret = new Secret(
        `${prefix}${name}-secret`,
        {
            metadata: { name, namespace: "istio-system", labels, annotations },
            type: "kubernetes.io/tls",
            stringData: { "tls.crt": cert.certPem, "tls.key": key.privateKeyPem },
        },
        { ...credential, provider },
    );
    return {
        port: { number: 443, name: `https-${name}`, protocol: "HTTPS" },
        hosts: [`*.d${k}.bench.example`],
        tls: { mode: "SIMPLE", credentialName: secret.metadata.name, minProtocolVersion: "TLSV1_2" },
    };
});
const gateway = box("gateway:IstioGateway", "ingress", ingress);
new CustomResource(
    nested ? "ingress-gateway" : "bench-gateway",
    {
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: {
            name: "bench-gateway",
            namespace: "bench",
            annotations: { ...annotations, "istio-gateway-tls.io/workload-namespace": "istio-system" },
        },
        spec: { selector: { istio: "ingressgateway" }, servers },
    },
    { provider, parent: gateway },
);
for (let j = 0; j < hosts; j++) {
    const host = `h${j}.d${j % domains}.bench.example`;
    new CustomResource(
        `${prefix}route-${host}`,
        {
            apiVersion: "networking.istio.io/v1",
            kind: "VirtualService",
            metadata: { name: host, namespace: "bench", annotations },
            spec: {
                hosts: [host],
                gateways: ["bench/bench-gateway"],
                http: [
                    {
                        match: [{ uri: { prefix: "/" } }],
                        route: [
                            { destination: { host: `svc-${j % 7}.bench.svc.cluster.local`, port: { number: 8080 } } },
                        ],
                    },
                ],
            },
        },
        { provider, parent: gateway },
    );
}
