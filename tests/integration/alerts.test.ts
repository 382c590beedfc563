// The generated cert-manager alerts, evaluated by Prometheus's own rule engine: `promtool test rules` on
// synthetic cert-manager series for four Certificates: Ready, a normal renewal (renewed minutes after its
// renewal time), a stuck renewal, and an expired certificate. Needs `promtool` on PATH
// (github.com/prometheus/prometheus's cmd/promtool); skips with one line without it.

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { RENEWAL_GRACE_SECONDS, certificateRules } from "../../components/certManager/certificateAlerts";
import type { ResolvedCertificate } from "../../config/resolved";

const NAMESPACE = "istio-system";
const DAY = 86400;
/** The four Certificates, each with its own series (promtool's clock starts at 0, one sample a minute). */
const CASES = {
    ready: { ready: "1x200", notReady: "0x200", renewal: `${10 * DAY}x200`, expiration: `${40 * DAY}x200` },
    // Due at 10 minutes, renewed at 40: cert-manager then sets the next renewal time.
    renewing: { ready: "1x200", notReady: "0x200", renewal: `600x40 ${60 * DAY}x160`, expiration: `${DAY}x200` },
    stuck: { ready: "1x200", notReady: "0x200", renewal: "600x200", expiration: `${DAY}x200` },
    expired: { ready: "0x200", notReady: "1x200", renewal: "0x200", expiration: "600x200" },
};

function series(): { series: string; values: string }[] {
    return Object.entries(CASES).flatMap(([name, v]) => {
        const at = `namespace="${NAMESPACE}", name="${name}"`;
        return [
            { series: `certmanager_certificate_ready_status{${at}, condition="True"}`, values: v.ready },
            { series: `certmanager_certificate_ready_status{${at}, condition="False"}`, values: v.notReady },
            { series: `certmanager_certificate_renewal_timestamp_seconds{${at}}`, values: v.renewal },
            { series: `certmanager_certificate_expiration_timestamp_seconds{${at}}`, values: v.expiration },
        ];
    });
}

const hasPromtool = spawnSync("promtool", ["--version"], { encoding: "utf8" }).status === 0;

describe("integration: the cert-manager alerts, evaluated by promtool", () => {
    const rules = certificateRules({
        namespace: NAMESPACE,
        certificates: Object.keys(CASES).map(
            (name) => ({ name, secretName: name, renewBeforeDays: 30 }) as unknown as ResolvedCertificate,
        ),
        forMinutes: 15,
    });
    /** The alerts expected to fire at `minutes`: each named rule of each named certificate. */
    const expected = (firing: [alert: string, certificate: keyof typeof CASES][]) =>
        firing.map(([alert, certificate]) => {
            const rule = rules.find((r) => r.alert === alert && r.labels.certificate === certificate)!;
            return {
                exp_labels: { ...rule.labels, namespace: NAMESPACE, name: certificate },
                exp_annotations: rule.annotations,
            };
        });
    const at = (minutes: number, alert: string, firing: (keyof typeof CASES)[]) => ({
        eval_time: `${minutes}m`,
        alertname: alert,
        exp_alerts: expected(firing.map((certificate) => [alert, certificate])),
    });

    before(function () {
        if (!hasPromtool) {
            console.log("    alerts skipped: no promtool on PATH (github.com/prometheus/prometheus's cmd/promtool)");
            this.skip();
        }
    });

    it("A1 promtool test rules: NotReady fires for the expired certificate only; NotRenewed an hour (plus for) past a renewal time that was never met, never during a normal renewal", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "igt-alerts-"));
        const grace = RENEWAL_GRACE_SECONDS / 60;
        fs.writeFileSync(
            path.join(dir, "rules.yaml"),
            yaml.dump({ groups: [{ name: "istio-gateway-tls-certificates", rules }] }),
        );
        fs.writeFileSync(
            path.join(dir, "test.yaml"),
            yaml.dump({
                rule_files: ["rules.yaml"],
                evaluation_interval: "1m",
                tests: [
                    {
                        interval: "1m",
                        input_series: series(),
                        alert_rule_test: [
                            at(14, "IstioGatewayTlsCertificateNotReady", []),
                            at(16, "IstioGatewayTlsCertificateNotReady", ["expired"]),
                            at(120, "IstioGatewayTlsCertificateNotReady", ["expired"]),
                            // The expired one's renewal time was 0: overdue past the grace, firing 15 minutes on.
                            at(grace + 14, "IstioGatewayTlsCertificateNotRenewed", []),
                            at(grace + 16, "IstioGatewayTlsCertificateNotRenewed", ["expired"]),
                            // The stuck one was due at 10 minutes; the renewing one, renewed at 40, never fires.
                            at(10 + grace + 14, "IstioGatewayTlsCertificateNotRenewed", ["expired"]),
                            at(10 + grace + 16, "IstioGatewayTlsCertificateNotRenewed", ["stuck", "expired"]),
                            at(120, "IstioGatewayTlsCertificateNotRenewed", ["stuck", "expired"]),
                        ],
                    },
                ],
            }),
        );
        const result = spawnSync("promtool", ["test", "rules", "test.yaml"], { cwd: dir, encoding: "utf8" });
        assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
