#!/usr/bin/python3
"""Checks the deployment files in deploy/ against the galley binary they deploy.

No container engine, no cluster, no network: the Dockerfile, compose.yaml and
the Kubernetes manifests are read as files (YAML with Debian's python3-yaml),
and what they configure is compared with what `galley serve --help`, `galley
migrate up --help` and `galley health --help` declare:

- every --flag and every GALLEY_* variable they give exists for the command
  it is given to (a migrate Job or service gets migrate's, not serve's);
- the ports agree: the image's EXPOSE, the container ports, the Service's
  target ports, the probes' port and the compose port mappings against
  --listen, --health-listen and --metrics-listen as configured;
- the probes are gRPC probes on a port that serves health without TLS, with
  a liveness check that is not the database-dependent readiness check;
- the time Kubernetes (or compose) gives a stopping pod exceeds galley's
  shutdown grace plus the 2 s it allows calls stuck in the database;
- the rest of what deploy/ promises: non-root, resources, Secrets for the
  database URLs and the TLS key pair, selectors that select the pods, and
  galley serve logging in as another role than the one that migrates
  (docs/operations.md, "Least privilege").

  check_deploy.py --galley build/galley --deploy deploy             # the check
  check_deploy.py --galley build/galley --deploy deploy --self-test # it catches breakage

The self-test breaks a copy of deploy/ in one way at a time (an unknown flag,
an unknown variable, a port that disagrees, ...) and fails unless the check
catches each one.
"""

import argparse
import json
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

# Seconds past --shutdown-grace that galley lets a call stuck in the
# database hold up its exit (kForcedExitMargin in service/app/server.cc).
FORCED_EXIT_MARGIN = 2


class Help:
    """What `galley <command> --help` declares: flags, their defaults and variables."""

    def __init__(self, galley, command):
        result = subprocess.run([galley, *command, "--help"], capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise SystemExit(f"galley {' '.join(command)} --help failed: {result.stderr}")
        self.command = " ".join(command)
        self.text = result.stdout
        self.defaults = {}  # flag name -> default ("" when none)
        self.flag_of = {}  # GALLEY_* -> flag name
        # One entry per flag; a help text may go on over several lines.
        for entry in re.split(r"\n(?=  --)", self.text):
            match = re.match(r"\s*--([a-z0-9-]+)", entry)
            if not match or not entry.startswith("  --"):
                continue
            name = match.group(1)
            default = re.search(r"\(default: ([^)]*)\)", entry)
            self.defaults[name] = default.group(1) if default else ""
            variable = re.search(r"\[env (GALLEY_[A-Z0-9_]+)\]", entry)
            if variable:
                self.flag_of[variable.group(1)] = name


def user_of(url):
    """The user a libpq URL logs in as ("" if it names none)."""
    credentials = url.partition("://")[2].partition("@")
    return credentials[0].partition(":")[0] if credentials[1] else ""


def database_url_sources(workload):
    """The Secret keys a Deployment's or Job's containers take GALLEY_DATABASE_URL from."""
    sources = set()
    for container in workload["spec"]["template"]["spec"].get("containers") or []:
        for variable in container.get("env") or []:
            reference = (variable.get("valueFrom") or {}).get("secretKeyRef")
            if variable["name"] == "GALLEY_DATABASE_URL" and reference:
                sources.add(f"Secret {reference.get('name')} key {reference.get('key')}")
    return sources


def port_of(address):
    """The port of host:port ('0.0.0.0:50051', '[::]:50051'), or None."""
    if not address or ":" not in address:
        return None
    port = address.rsplit(":", 1)[1]
    return int(port) if port.isdigit() else None


def seconds_of(duration):
    """Compose durations: '30s', '1m30s', '90'."""
    if isinstance(duration, (int, float)):
        return duration
    total = 0
    for amount, unit in re.findall(r"(\d+(?:\.\d+)?)(h|ms|m|s|us)?", str(duration)):
        total += float(amount) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 0.000001, "": 1}[unit]
    return total


def helps_of(galley):
    """The --help of each command deploy/ runs."""
    return {
        "serve": Help(galley, ["serve"]),
        "migrate up": Help(galley, ["migrate", "up"]),
        "health": Help(galley, ["health"]),
    }


class Checker:
    def __init__(self, helps, deploy):
        self.deploy = pathlib.Path(deploy)
        self.help = helps
        self.problems = []

    def problem(self, where, text):
        self.problems.append(f"{where}: {text}")

    # -- commands, flags and variables -------------------------------------

    def command_of(self, where, words):
        """The galley command `words` run ('serve', 'migrate up'), and its flags as {name: value}."""
        words = [str(word) for word in words]
        if words and pathlib.PurePath(words[0]).name == "galley":
            words = words[1:]
        command_words = []
        while words and not words[0].startswith("--"):
            command_words.append(words.pop(0))
        command = " ".join(command_words)
        if command not in self.help:
            self.problem(where, f"runs `galley {command}`, which this check does not know (serve, migrate up, health)")
            return None, {}
        flags = {}
        while words:
            word = words.pop(0)
            if not word.startswith("--"):
                self.problem(where, f"unexpected argument {word!r} to galley {command}")
                continue
            name, has_value, value = word[2:].partition("=")
            if not has_value and words and not words[0].startswith("--"):
                value = words.pop(0)
            if name not in self.help[command].defaults:
                self.problem(where, f"--{name} is not a flag of `galley {command}` (see its --help)")
            flags[name] = value
        return command, flags

    def check_variables(self, where, command, variables):
        for variable in variables:
            if not variable.startswith("GALLEY_"):
                continue
            if variable not in self.help[command].flag_of:
                self.problem(where, f"{variable} is not a variable of `galley {command}` (see its --help)")

    def settings(self, command, *layers):
        """The flags' values in effect: defaults, then each layer of variables, then flags."""
        help = self.help[command]
        values = dict(help.defaults)
        for layer in layers[:-1]:
            for variable, value in layer.items():
                if variable in help.flag_of:
                    values[help.flag_of[variable]] = value
        values.update(layers[-1])
        return values

    def check_grace(self, where, what, seconds, settings):
        grace = int(settings.get("shutdown-grace") or 0)
        if seconds is None or seconds <= grace + FORCED_EXIT_MARGIN:
            self.problem(where, f"{what} ({seconds}) must exceed --shutdown-grace ({grace}) plus "
                                f"{FORCED_EXIT_MARGIN} s, or in-flight calls are killed")

    # -- the Dockerfile ------------------------------------------------------

    def read_dockerfile(self):
        path = self.deploy / "Dockerfile"
        logical = re.sub(r"\\\n", " ", path.read_text())
        stages = []
        for line in logical.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            instruction, _, rest = line.partition(" ")
            instruction = instruction.upper()
            if instruction == "FROM":
                stages.append({"from": rest.split()[0], "copies_from": [], "env": {}, "expose": [],
                               "user": None, "entrypoint": None, "cmd": None, "healthcheck": None})
                continue
            if not stages:
                continue
            stage = stages[-1]
            if instruction == "COPY" and "--from=" in rest:
                stage["copies_from"].append(re.search(r"--from=(\S+)", rest).group(1))
            elif instruction == "ENV":
                words = shlex.split(rest)
                if words and "=" not in words[0]:
                    stage["env"][words[0]] = " ".join(words[1:])
                else:
                    for word in words:
                        name, _, value = word.partition("=")
                        stage["env"][name] = value
            elif instruction == "EXPOSE":
                stage["expose"] += [int(port.split("/")[0]) for port in rest.split()]
            elif instruction == "USER":
                stage["user"] = rest.strip()
            elif instruction in ("ENTRYPOINT", "CMD"):
                stage[instruction.lower()] = self.exec_form(str(path), instruction, rest)
            elif instruction == "HEALTHCHECK":
                command = rest.partition("CMD")[2].strip()
                stage["healthcheck"] = self.exec_form(str(path), "HEALTHCHECK", command)
        return stages

    def exec_form(self, where, instruction, text):
        try:
            words = json.loads(text)
        except json.JSONDecodeError:
            words = None
        if not isinstance(words, list):
            # The image has no shell to run a command line with.
            self.problem(where, f"{instruction} must use the exec form, [\"...\"]: {text}")
            return []
        return words

    def check_dockerfile(self):
        where = str(self.deploy / "Dockerfile")
        stages = self.read_dockerfile()
        if len(stages) < 2:
            self.problem(where, "must be a multi-stage build (a build stage and a small runtime stage)")
            return {}
        if not stages[0]["from"].startswith("debian:12"):
            self.problem(where, f"the build stage must be Debian 12, not {stages[0]['from']}")
        runtime = stages[-1]
        if runtime["from"] != "scratch" and not runtime["from"].startswith("debian:12"):
            self.problem(where, f"the runtime stage must be scratch or Debian 12, not {runtime['from']}")
        if not runtime["copies_from"]:
            self.problem(where, "the runtime stage must copy galley from the build stage")
        if runtime["user"] is None or runtime["user"].split(":")[0] in ("0", "root"):
            self.problem(where, f"the runtime stage must run as a non-root USER, not {runtime['user']}")
        entrypoint = runtime["entrypoint"] or []
        if not entrypoint or pathlib.PurePath(entrypoint[0]).name != "galley":
            self.problem(where, f"ENTRYPOINT must be galley: {entrypoint}")
        self.check_variables(where + " ENV", "serve", runtime["env"])
        command, flags = self.command_of(where + " CMD", runtime["cmd"] or [])
        if command != "serve":
            self.problem(where, f"CMD must be serve, not {runtime['cmd']}")
        settings = self.settings("serve", runtime["env"], flags)
        wanted = {port_of(settings.get(flag)) for flag in ("listen", "health-listen", "metrics-listen")} - {None}
        if set(runtime["expose"]) != wanted:
            self.problem(where, f"EXPOSE {sorted(runtime['expose'])} must be the ports galley listens on "
                                f"with the image's settings: {sorted(wanted)}")
        health = runtime["healthcheck"]
        if not health:
            self.problem(where, "needs a HEALTHCHECK")
        else:
            command, flags = self.command_of(where + " HEALTHCHECK", health)
            if command != "health":
                self.problem(where, f"HEALTHCHECK must run `galley health`, not {health}")
            probed = port_of(flags.get("server") or self.help["health"].defaults.get("server"))
            expected = port_of(settings.get("health-listen")) or port_of(settings.get("listen"))
            if probed != expected:
                self.problem(where, f"HEALTHCHECK checks port {probed}, but health is served on {expected}")
        return runtime["env"]

    # -- compose.yaml ------------------------------------------------------------

    def check_compose(self, image_env):
        path = self.deploy / "compose.yaml"
        where = str(path)
        services = (yaml.safe_load(path.read_text()) or {}).get("services") or {}
        galleys = {}  # service name -> (command, flags, environment)
        for name, service in services.items():
            build = service.get("build") or {}
            if not (isinstance(build, dict) and str(build.get("dockerfile", "")).endswith("deploy/Dockerfile")):
                continue
            at = f"{where} services.{name}"
            command, flags = self.command_of(at + " command", service.get("command") or ["serve"])
            environment = service.get("environment") or {}
            if isinstance(environment, list):
                environment = dict(item.partition("=")[::2] for item in environment)
            if command is not None:
                self.check_variables(at + " environment", command, environment)
                galleys[name] = (command, flags, environment)
        migrating = [name for name, (command, _, _) in galleys.items() if command == "migrate up"]
        serving = [name for name, (command, _, _) in galleys.items() if command == "serve"]
        if len(serving) < 2:
            self.problem(where, f"must run two galley serve replicas, runs {serving}")
        if len(migrating) != 1:
            self.problem(where, f"must run `galley migrate up` once, as one service: {migrating}")
        for name in serving:
            at = f"{where} services.{name}"
            service = services[name]
            _, flags, environment = galleys[name]
            settings = self.settings("serve", image_env, environment, flags)
            listen = port_of(settings["listen"])
            for mapping in service.get("ports") or []:
                container = int(str(mapping).split(":")[-1].split("/")[0])
                if container != listen:
                    self.problem(at, f"maps container port {container}, but galley listens on {listen}")
            self.check_grace(at, "stop_grace_period", seconds_of(service.get("stop_grace_period", "10s")), settings)
            depends = service.get("depends_on") or {}
            if not isinstance(depends, dict) or not any(
                    (depends.get(other) or {}).get("condition") == "service_completed_successfully"
                    for other in migrating):
                self.problem(at, "must start after the migrate service completed successfully")
        host_ports = [str(port).split(":")[0] for name in serving for port in services[name].get("ports") or []]
        if len(host_ports) != len(set(host_ports)):
            self.problem(where, f"serve replicas share a host port: {host_ports}")
        owners = {user_of(galleys[name][2].get("GALLEY_DATABASE_URL", "")) for name in migrating}
        for name in serving:
            if user_of(galleys[name][2].get("GALLEY_DATABASE_URL", "")) in owners:
                self.problem(f"{where} services.{name}", "galley serve logs in as the role that runs the "
                                                         "migrations; it must be a member of galley_service only")

    # -- Kubernetes ------------------------------------------------------------

    def check_kubernetes(self, image_env):
        directory = self.deploy / "kubernetes"
        objects = []
        for path in sorted(directory.glob("*.yaml")):
            for document in yaml.safe_load_all(path.read_text()):
                if document:
                    objects.append((str(path), document))
        by_kind = {}
        for where, document in objects:
            by_kind.setdefault(document.get("kind"), []).append((where, document))
        for kind in ("ConfigMap", "Deployment", "Service", "Job", "PodDisruptionBudget", "HorizontalPodAutoscaler"):
            if kind not in by_kind:
                self.problem(str(directory), f"has no {kind}")
        config_maps = {document["metadata"]["name"]: document.get("data") or {}
                       for _, document in by_kind.get("ConfigMap", [])}
        for where, document in by_kind.get("ConfigMap", []):
            self.check_variables(f"{where} ConfigMap {document['metadata']['name']}", "serve",
                                 document.get("data") or {})

        deployments = []
        for where, document in by_kind.get("Deployment", []):
            deployments.append(self.check_deployment(where, document, config_maps, image_env))
        jobs = [self.check_job(where, document) for where, document in by_kind.get("Job", [])]
        owner_urls = {url for _, job in by_kind.get("Job", []) for url in database_url_sources(job)}
        for where, deployment in by_kind.get("Deployment", []):
            for source in database_url_sources(deployment):
                if source in owner_urls:
                    self.problem(where, f"galley serve takes its database URL from {source}, as the migration Job "
                                        "does: it must log in as a member of galley_service only")

        for where, service in by_kind.get("Service", []):
            self.check_service(where, service, deployments, jobs)
        for where, budget in by_kind.get("PodDisruptionBudget", []):
            selector = (budget["spec"].get("selector") or {}).get("matchLabels") or {}
            if not any(self.selects(selector, labels) for labels, _, _ in deployments):
                self.problem(where, f"PodDisruptionBudget selector {selector} selects no Deployment's pods")
        for where, autoscaler in by_kind.get("HorizontalPodAutoscaler", []):
            target = autoscaler["spec"].get("scaleTargetRef") or {}
            names = [name for _, _, name in deployments]
            if target.get("kind") != "Deployment" or target.get("name") not in names:
                self.problem(where, f"HorizontalPodAutoscaler scales {target}, not one of the Deployments {names}")
            if int(autoscaler["spec"].get("minReplicas", 1)) < 2:
                self.problem(where, "HorizontalPodAutoscaler minReplicas must be at least 2")

    @staticmethod
    def selects(selector, labels):
        return bool(selector) and all(labels.get(key) == value for key, value in selector.items())

    def container_environment(self, where, container, config_maps):
        """The container's GALLEY_* variables: from its ConfigMaps, then its env (Secrets as '<secret>')."""
        variables = {}
        for source in container.get("envFrom") or []:
            name = (source.get("configMapRef") or {}).get("name")
            if name is not None:
                if name not in config_maps:
                    self.problem(where, f"envFrom names ConfigMap {name}, which deploy/kubernetes does not define")
                variables.update(config_maps.get(name, {}))
        secrets = set()
        for variable in container.get("env") or []:
            source = variable.get("valueFrom") or {}
            if "secretKeyRef" in source:
                secrets.add(variable["name"])
                variables[variable["name"]] = "<secret>"
            else:
                variables[variable["name"]] = str(variable.get("value", ""))
        for url in ("GALLEY_DATABASE_URL", "GALLEY_READ_DATABASE_URL"):
            if url in variables and url not in secrets:
                self.problem(where, f"{url} must come from a Secret (secretKeyRef), not a literal or ConfigMap")
        return variables

    def check_pod_security(self, where, pod, container):
        pod_context = pod.get("securityContext") or {}
        context = container.get("securityContext") or {}
        if not (context.get("runAsNonRoot") or pod_context.get("runAsNonRoot")):
            self.problem(where, "must set runAsNonRoot")
        if (context.get("runAsUser", pod_context.get("runAsUser")) or 0) == 0:
            self.problem(where, "must run as a non-root runAsUser")
        if context.get("allowPrivilegeEscalation") is not False:
            self.problem(where, "must set allowPrivilegeEscalation: false")
        resources = container.get("resources") or {}
        for bound in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if resource not in (resources.get(bound) or {}):
                    self.problem(where, f"needs resources.{bound}.{resource}")

    def check_deployment(self, where, deployment, config_maps, image_env):
        spec = deployment["spec"]
        pod = spec["template"]["spec"]
        labels = spec["template"]["metadata"].get("labels") or {}
        name = deployment["metadata"]["name"]
        ports_by_name = {}
        if int(spec.get("replicas", 1)) < 2:
            self.problem(where, "the Deployment must run at least 2 replicas")
        if not self.selects((spec.get("selector") or {}).get("matchLabels") or {}, labels):
            self.problem(where, "the Deployment's selector does not select its own pods")
        for container in pod.get("containers") or []:
            at = f"{where} container {container['name']}"
            words = list(container.get("command") or []) + list(container.get("args") or [])
            command, flags = self.command_of(at, words or ["serve"])
            if command != "serve":
                self.problem(at, f"a Deployment runs galley serve, not {command}")
                continue
            variables = self.container_environment(at, container, config_maps)
            self.check_variables(at + " env", "serve", variables)
            settings = self.settings("serve", image_env, variables, flags)
            self.check_pod_security(at, pod, container)

            declared = {}
            for port in container.get("ports") or []:
                declared[port["containerPort"]] = port.get("name")
                if port.get("name"):
                    ports_by_name[port["name"]] = port["containerPort"]
            listen = port_of(settings["listen"])
            health = port_of(settings.get("health-listen"))
            metrics = port_of(settings.get("metrics-listen"))
            served = {listen: "grpc", health: "health", metrics: "metrics"}
            served.pop(None, None)
            for number, port_name in served.items():
                if number not in declared:
                    self.problem(at, f"galley serves {port_name} on port {number}, which is not a containerPort")
            for number in declared:
                if number not in served:
                    self.problem(at, f"containerPort {number} is not a port galley listens on ({sorted(served)})")
            if declared.get(listen) != "grpc":
                self.problem(at, f"the containerPort of --listen ({listen}) must be named grpc")

            self.check_probes(at, container, settings, ports_by_name)
            self.check_grace(at, "terminationGracePeriodSeconds", pod.get("terminationGracePeriodSeconds", 30),
                             settings)
            self.check_tls_files(at, pod, container, settings)
        return labels, ports_by_name, name

    def check_probes(self, where, container, settings, ports_by_name):
        listen = port_of(settings["listen"])
        health = port_of(settings.get("health-listen"))
        tls = bool(settings.get("tls-cert"))
        services = {}
        for kind in ("readinessProbe", "livenessProbe", "startupProbe"):
            probe = container.get(kind)
            if probe is None:
                if kind != "startupProbe":
                    self.problem(where, f"needs a {kind}")
                continue
            if "grpc" not in probe:
                self.problem(where, f"{kind} must be a grpc probe of grpc.health.v1")
                continue
            port = probe["grpc"].get("port")
            port = ports_by_name.get(port, port)
            expected = health or listen
            if port != expected:
                self.problem(where, f"{kind} checks port {port}, but health is served on {expected}")
            if tls and port == listen:
                self.problem(where, f"{kind} checks the TLS port {listen}; the kubelet's grpc probes "
                                    "speak plaintext: give --health-listen")
            services[kind] = probe["grpc"].get("service", "")
        for kind, service in services.items():
            if service and f"{service}" not in self.help["serve"].text:
                self.problem(where, f"{kind} asks for health service {service!r}, which galley serve does not report")
        if services.get("readinessProbe", "") != "":
            self.problem(where, "readinessProbe must check the whole server (service \"\")")
        if "livenessProbe" in services and services["livenessProbe"] == services.get("readinessProbe", ""):
            self.problem(where, "livenessProbe must not be the readiness check: a database outage would get "
                                "every replica restarted")

    def check_tls_files(self, where, pod, container, settings):
        secret_volumes = {volume["name"] for volume in pod.get("volumes") or [] if "secret" in volume}
        mounts = [mount["mountPath"].rstrip("/") + "/" for mount in container.get("volumeMounts") or []
                  if mount["name"] in secret_volumes]
        for flag in ("tls-cert", "tls-key", "tls-client-ca"):
            path = settings.get(flag)
            if path and not any(path.startswith(mount) for mount in mounts):
                self.problem(where, f"--{flag} {path} is not in a mounted Secret")

    def check_job(self, where, job):
        pod = job["spec"]["template"]["spec"]
        for container in pod.get("containers") or []:
            at = f"{where} container {container['name']}"
            words = list(container.get("command") or []) + list(container.get("args") or [])
            command, flags = self.command_of(at, words)
            if command != "migrate up":
                self.problem(at, f"the migration Job must run galley migrate up, not {words}")
                continue
            variables = self.container_environment(at, container, {})
            self.check_variables(at + " env", "migrate up", variables)
            if "GALLEY_DATABASE_URL" not in variables and "database-url" not in flags:
                self.problem(at, "the migration Job needs GALLEY_DATABASE_URL")
            self.check_pod_security(at, pod, container)
        if pod.get("restartPolicy") not in ("Never", "OnFailure"):
            self.problem(where, "a Job's pods must have restartPolicy Never or OnFailure")
        return job["spec"]["template"]["metadata"].get("labels") or {}

    def check_service(self, where, service, deployments, jobs):
        selector = service["spec"].get("selector") or {}
        selected = [ports for labels, ports, _ in deployments if self.selects(selector, labels)]
        if not selected:
            self.problem(where, f"Service {service['metadata']['name']} selects no Deployment's pods")
            return
        if any(self.selects(selector, labels) for labels in jobs):
            self.problem(where, f"Service {service['metadata']['name']} also selects the migration Job's pods")
        for port in service["spec"].get("ports") or []:
            target = port.get("targetPort", port.get("port"))
            for ports_by_name in selected:
                number = ports_by_name.get(target, target)
                if number not in ports_by_name.values():
                    self.problem(where, f"Service port {port.get('name')} targetPort {target} is no containerPort")
                elif port.get("name") == "grpc" and number != ports_by_name.get("grpc"):
                    self.problem(where, f"Service port grpc targets {number}, not galley's --listen port")

    def run(self):
        image_env = self.check_dockerfile()
        self.check_compose(image_env)
        self.check_kubernetes(image_env)
        return self.problems


# Each breaks a copy of deploy/ in one way: file, text to find, replacement,
# and what the check must then say.
BREAKAGES = [
    ("kubernetes/deployment.yaml", 'args: ["serve"]', 'args: ["serve", "--no-such-flag", "1"]', "--no-such-flag"),
    ("kubernetes/configmap.yaml", "  GALLEY_LOG_LEVEL: info\n",
     "  GALLEY_LOG_LEVEL: info\n  GALLEY_NO_SUCH_SETTING: \"1\"\n", "GALLEY_NO_SUCH_SETTING"),
    ("kubernetes/migrate-job.yaml", 'args: ["migrate", "up"]', 'args: ["migrate", "up", "--listen", ":1"]',
     "--listen is not a flag of `galley migrate up`"),
    ("kubernetes/migrate-job.yaml", "- name: GALLEY_DATABASE_URL", "- name: GALLEY_POOL_SIZE\n              value: \"4\"\n"
     "            - name: GALLEY_DATABASE_URL", "GALLEY_POOL_SIZE is not a variable of `galley migrate up`"),
    ("kubernetes/deployment.yaml", "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 21",
     "terminationGracePeriodSeconds"),
    ("kubernetes/configmap.yaml", 'GALLEY_SHUTDOWN_GRACE: "20"', 'GALLEY_SHUTDOWN_GRACE: "40"',
     "terminationGracePeriodSeconds"),
    ("kubernetes/deployment.yaml", "grpc: {port: 8081}", "grpc: {port: 50051}", "readinessProbe checks port 50051"),
    ("kubernetes/deployment.yaml", "grpc: {port: 8081, service: galley.liveness}\n            periodSeconds: 10",
     "grpc: {port: 8081}\n            periodSeconds: 10", "livenessProbe must not be the readiness check"),
    ("kubernetes/deployment.yaml", "{name: grpc, containerPort: 50051}", "{name: grpc, containerPort: 50052}",
     "port 50051, which is not a containerPort"),
    ("kubernetes/configmap.yaml", '"0.0.0.0:9090"', '"0.0.0.0:9091"', "metrics on port 9091"),
    ("kubernetes/service.yaml", "targetPort: grpc}", "targetPort: 50052}", "targetPort 50052 is no containerPort"),
    ("kubernetes/migrate-job.yaml", "valueFrom:\n                secretKeyRef: {name: galley-database, key: owner-url}",
     "value: postgresql://galley:secret@db/galley", "GALLEY_DATABASE_URL must come from a Secret"),
    ("kubernetes/deployment.yaml", "secretKeyRef: {name: galley-database, key: url}",
     "secretKeyRef: {name: galley-database, key: owner-url}", "must log in as a member of galley_service only"),
    ("compose.yaml", "postgresql://galley_app:galley-app@postgres", "postgresql://galley:galley@postgres",
     "must be a member of galley_service only"),
    ("kubernetes/deployment.yaml", "args: [\"serve\"]", "args: [\"migrate\", \"up\"]",
     "a Deployment runs galley serve"),
    ("kubernetes/hpa.yaml", "kind: Deployment, name: galley}", "kind: Deployment, name: galley-old}", "scales"),
    ("Dockerfile", "EXPOSE 50051 8081 9090", "EXPOSE 50052 8081 9090", "EXPOSE"),
    ("Dockerfile", "ENV GALLEY_LISTEN=0.0.0.0:50051", "ENV GALLEY_LISTENING=0.0.0.0:50051", "GALLEY_LISTENING"),
    ("Dockerfile", "USER 65532:65532", "USER root", "non-root USER"),
    ("Dockerfile", '"--server", "127.0.0.1:8081"', '"--sever", "127.0.0.1:8081"', "--sever is not a flag"),
    ("compose.yaml", "GALLEY_LOG_FORMAT: json", "GALLEY_LOG_FORMATS: json", "GALLEY_LOG_FORMATS"),
    ("compose.yaml", 'command: ["migrate", "up"]', 'command: ["migrate", "up", "--threads", "4"]',
     "--threads is not a flag of `galley migrate up`"),
    ("compose.yaml", 'ports: ["50052:50051"]', 'ports: ["50052:50052"]', "maps container port 50052"),
    ("compose.yaml", "stop_grace_period: 30s", "stop_grace_period: 15s", "stop_grace_period"),
]


def self_test(galley, deploy):
    helps = helps_of(galley)
    baseline = Checker(helps, deploy).run()
    if baseline:
        print("the deployment files fail the check, so the self-test cannot start:", *baseline, sep="\n  ")
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        for file, find, replace, says in BREAKAGES:
            copy = pathlib.Path(scratch) / "deploy"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(deploy, copy)
            text = (copy / file).read_text()
            if find not in text:
                print(f"self-test: {file} no longer contains {find!r}; update BREAKAGES")
                failures += 1
                continue
            (copy / file).write_text(text.replace(find, replace, 1))
            problems = Checker(helps, copy).run()
            if not any(says in problem for problem in problems):
                print(f"self-test: {file} with {replace!r} was not caught (wanted {says!r}); the check said:",
                      *problems, sep="\n  ")
                failures += 1
            else:
                print(f"caught: {file}: {replace!r}")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--galley", required=True, help="the galley binary")
    parser.add_argument("--deploy", required=True, help="the deploy/ directory")
    parser.add_argument("--self-test", action="store_true", help="check that the check catches breakage")
    args = parser.parse_args()
    if args.self_test:
        return self_test(args.galley, args.deploy)
    problems = Checker(helps_of(args.galley), args.deploy).run()
    for problem in problems:
        print(problem)
    if not problems:
        print("deploy/ agrees with galley: flags, variables, ports, probes, grace period")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
