// Validate Kubernetes objects with the @kubernetes-models packages (npm, see package.json) and refuse
// unknown fields, which their validate() lets through: a key whose value may be a boolean, a string
// and a number alike is one the schema does not know (every field the models know has a type).
// Input on stdin: JSON [object, ...]. Output on stdout: JSON [problem, ...] (empty when all pass).
// Used by tests/test_kit_k8s.py.
import { readFileSync } from "node:fs";
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { ApplicationSet } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { ValidatingPolicy } from "@kubernetes-models/kyverno/policies.kyverno.io/v1/ValidatingPolicy";

const MODELS = {
  "argoproj.io/v1alpha1 Application": Application,
  "argoproj.io/v1alpha1 ApplicationSet": ApplicationSet,
  "gateway.networking.k8s.io/v1 HTTPRoute": HTTPRoute,
  "policies.kyverno.io/v1 ValidatingPolicy": ValidatingPolicy,
};
const PROBES = [true, "probe", 1.5];
// Objects whose keys are free by design (the CRD preserves unknown fields there): the parameters that a
// list generator's elements give to the ApplicationSet's template. "*" stands for any key or index.
const FREE_FORM = {
  "argoproj.io/v1alpha1 ApplicationSet": [["spec", "generators", "*", "list", "elements", "*"]],
};

function isFree(name, path) {
  return (FREE_FORM[name] || []).some(
    (free) => path.length > free.length && free.every((step, i) => step === "*" || step === path[i]),
  );
}

function problem(Model, doc) {
  try {
    new Model(structuredClone(doc)).validate();
    return null;
  } catch (error) {
    return error.message;
  }
}

function* keyPaths(value, path = []) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) yield* keyPaths(value[i], [...path, i]);
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      yield [...path, key];
      yield* keyPaths(value[key], [...path, key]);
    }
  }
}

function withValue(doc, path, probe) {
  const copy = structuredClone(doc);
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step];
  node[path[path.length - 1]] = probe;
  return copy;
}

const problems = [];
for (const doc of JSON.parse(readFileSync(0, "utf8"))) {
  const name = `${doc.apiVersion} ${doc.kind}`;
  const Model = MODELS[name];
  if (!Model) {
    problems.push(`${name}: no @kubernetes-models validator for this kind`);
    continue;
  }
  const wrong = problem(Model, doc);
  if (wrong) {
    problems.push(`${name}: ${wrong}`);
    continue;
  }
  for (const path of keyPaths(doc)) {
    if (isFree(name, path)) continue;
    if (PROBES.every((probe) => problem(Model, withValue(doc, path, probe)) === null)) {
      problems.push(`${name} /${path.join("/")}: unknown field (the schema does not know it)`);
    }
  }
}
process.stdout.write(JSON.stringify(problems) + "\n");
