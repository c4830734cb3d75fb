"""The Kubernetes manifests as a cluster would take them: every object valid against the
Kubernetes API's schemas (strict: an unknown field is an error), the kustomizations naming
files that exist, the Deployment ready on /healthz and given the time `shutdown_timeout_s`
needs, secrets only by reference, and the ConfigMap's config loading as the pods will."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from hybridgate.config.loader import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]
KUBE = ROOT / "deploy" / "kubernetes"
#: The Kubernetes release the schemas come from (kubernetes-validate ships them).
VERSION = "1.33.0"


def _render(folder: Path) -> list[dict[str, Any]]:
    """What `kubectl apply -k folder` would send, less kustomize's labels and image rewrite."""
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    objects: list[dict[str, Any]] = []
    for resource in kustomization["resources"]:
        path = (folder / resource).resolve()
        assert path.exists(), f"{folder / 'kustomization.yaml'} names {resource}, which is missing"
        if path.is_dir():
            objects += _render(path)
        else:
            objects += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    return objects


def _one(objects: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind]
    assert len(found) == 1, f"{len(found)} {kind}s"
    return found[0]


BASE = _render(KUBE / "base")
WITH_DATASTORES = _render(KUBE / "overlays" / "in-cluster-datastores")
EXAMPLE_SECRET = yaml.safe_load((KUBE / "secret.example.yaml").read_text())


@pytest.mark.parametrize(
    "manifest",
    [o for o in WITH_DATASTORES if o["kind"] != "ServiceMonitor"] + [EXAMPLE_SECRET],
    ids=lambda o: f"{o['kind']}/{o['metadata']['name']}",
)
def test_every_object_is_valid_against_the_kubernetes_schemas(manifest: dict[str, Any]) -> None:
    kubernetes_validate.validate(manifest, VERSION, strict=True)


def test_the_service_monitor_scrapes_metrics_with_the_admin_token() -> None:
    monitor = _one(BASE, "ServiceMonitor")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    service = _one(BASE, "Service")
    assert (
        monitor["spec"]["selector"]["matchLabels"].items()
        <= service["metadata"].get("labels", {}).items() | service["spec"]["selector"].items()
    )
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["path"] == "/metrics"
    assert endpoint["port"] in {p["name"] for p in service["spec"]["ports"]}
    assert endpoint["authorization"]["credentials"]["name"] == "hybridgate-secrets"


def _gateway_container() -> dict[str, Any]:
    deployment = _one(BASE, "Deployment")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def test_readiness_is_healthz_and_termination_waits_for_the_shutdown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    deployment = _one(BASE, "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    container = _gateway_container()
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert pod["securityContext"]["runAsNonRoot"] is True

    config = tmp_path / "config.yaml"
    config.write_text(_one(BASE, "ConfigMap")["data"]["config.yaml"])
    monkeypatch.setenv("HYBRIDGATE_ADMIN_TOKEN", "token-from-the-secret")
    monkeypatch.setenv("HYBRIDGATE_REDIS", "redis://redis:6379/0")
    monkeypatch.delenv("HYBRIDGATE_STORAGE", raising=False)
    with pytest.raises(ConfigError, match="HYBRIDGATE_STORAGE is not set"):
        load_settings(config)  # a missing Secret key stops the pod, it does not fall back
    monkeypatch.setenv("HYBRIDGATE_STORAGE", "postgresql://u:p@pg:5432/db")
    settings = load_settings(config)
    assert settings.storage == "postgresql://u:p@pg:5432/db"
    assert settings.auth == "keys" and settings.server.admin_token is not None
    pre_stop = 5  # the preStop pause, seconds
    assert "sleep(5)" in " ".join(container["lifecycle"]["preStop"]["exec"]["command"])
    assert pod["terminationGracePeriodSeconds"] >= settings.server.shutdown_timeout_s + pre_stop


def test_secrets_come_by_reference_and_the_example_secret_has_every_key() -> None:
    references: list[dict[str, Any]] = []
    for manifest in WITH_DATASTORES:
        template = manifest.get("spec", {}).get("template", {}).get("spec", {})
        for container in template.get("containers", []):
            for variable in container.get("env", []):
                assert "value" not in variable or "KEY" not in variable["name"]
                ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if ref is not None:
                    references.append(ref)
    assert {r["name"] for r in references} == {"hybridgate-secrets"}
    required = {r["key"] for r in references if not r.get("optional")}
    assert required <= set(EXAMPLE_SECRET["stringData"]) | {"postgres-password"}


def test_the_autoscaler_scales_the_gateway() -> None:
    hpa = _one(BASE, "HorizontalPodAutoscaler")
    deployment = _one(BASE, "Deployment")
    assert hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert hpa["spec"]["minReplicas"] >= 2
