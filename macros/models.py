"""The catalogue's data model: one strict pydantic model per kind of YAML file in `data/`.

Attribute docstrings become descriptions in the generated JSON Schemas (`data/schemas/`), so an
editor shows them while a person types. Cross-references between files are checked later, in
`macros.crosscheck`; this module only says what one file may contain.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

# ---------------------------------------------------------------------------
# Shared field types
# ---------------------------------------------------------------------------

ID_MAX_LENGTH = 64
"""Ids name pages and files (`tools/<id>/index.html`): short enough for any file system."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=ID_MAX_LENGTH)]
"""A stable id: lower-case words joined by hyphens, e.g. `blue-green`."""

PlaceholderId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", max_length=ID_MAX_LENGTH)]
"""A placeholder id exactly as the specification writes it, without brackets, e.g. `RELEASE_VERSION`."""

Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]
"""An absolute https URL."""

ExamplePath = Annotated[str, StringConstraints(pattern=r"^\.?[A-Za-z0-9_-][A-Za-z0-9._-]*(/\.?[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")]
"""A file below `data/examples/`: a relative path without `..` parts, e.g. `sops/.sops.yaml`."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""Non-empty text; Markdown is allowed where the field says so."""

Line = Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\n\r]+$")]
"""One line of plain text: a value that fills a placeholder, so it must fit in a table cell."""

ParamId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
"""A parameter id: a group and a name joined by a dot, e.g. `canary.steps`."""

ParamValue = int | float | str | list[int | float]
"""A parameter value as YAML or JSON gives it; checked against the parameter's type by the engine."""

Platform = Literal["kubernetes", "vm", "serverless", "mobile"]
"""Where software runs: Kubernetes, virtual machines (or bare metal), serverless functions, mobile apps."""

Level = Literal["low", "medium", "high"]
Stage = Literal["code", "build", "test", "release", "deploy", "operate", "observe"]
"""Pipeline stages a tool can serve, in pipeline order."""
Hosting = Literal["self-hosted", "saas", "managed-cloud"]
Dimension = Literal["size", "industry", "stack"]
Validator = Literal[
    "github-workflow",
    "gitlab-ci",
    "azure-pipelines",
    "dependabot",
    "renovate",
    "kubernetes",
    "argo-rollouts",
    "flagger",
    "flagd",
    "prometheus-rules",
    "prometheus-config",
    "flux",
    "istio",
    "sealed-secrets",
    "alertmanager-config",
    "ansible-playbook",
    "codedeploy-appspec",
    "yaml",
    "json",
    "hcl",
    "toml",
]
"""How an example file is checked: an upstream JSON Schema, kubernetes-validate, promtool, amtool, pydantic models
of upstream CRDs, a structural check (CodeDeploy AppSpec), or a plain parse (yaml, json, hcl, toml)."""
CadenceName = Literal["weekly", "monthly", "quarterly", "annually"]

STAGES: tuple[str, ...] = Stage.__args__  # type: ignore[attr-defined]
DIMENSIONS: tuple[str, ...] = Dimension.__args__  # type: ignore[attr-defined]


class Model(BaseModel):
    """Base for every catalogue model: unknown keys are errors and values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Source(Model):
    """A citation for a fact."""

    title: Text
    """What the source is called, e.g. `Argo Rollouts documentation: Canary`."""
    url: Url
    """Where a reader can check it."""


# ---------------------------------------------------------------------------
# Operate steps: shared by strategies.yml and tools/<category>.yml
# ---------------------------------------------------------------------------

OperateAction = Literal["promote", "pause", "resume", "abort", "rollback", "verify", "disable"]
"""What an operate step does to a release in progress (or just finished)."""


def _no_fence(text: str) -> str:
    if "```" in text:
        raise ValueError("a command cannot contain three backticks: they would end its code block early")
    return text


Command = Annotated[str, StringConstraints(min_length=1), AfterValidator(_no_fence)]
"""Shell command(s), one per line, shown in a code block."""


class OperateStep(Model):
    """One way to operate a release with this tool or strategy."""

    action: OperateAction
    how: Text
    """Markdown, 1-3 sentences: what to do and what happens, with caveats (e.g. auto-sync must be off first)."""
    command: Command | None = None
    """Exact command(s), shell, one per line; names to replace in angle brackets: `<rollout>`, `<namespace>`, `<app>`."""
    takes: Line | None = None
    """How long it takes, e.g. `seconds`, `one analysis interval`."""
    verify: Text | None = None
    """How to check that it worked (Markdown)."""


# ---------------------------------------------------------------------------
# strategies.yml
# ---------------------------------------------------------------------------


class Strategy(Model):
    """A deployment or release strategy, e.g. canary or blue-green."""

    id: Slug
    """Stable id used in links and references, e.g. `canary`."""
    name: Text
    """Display name."""
    summary: Text
    """One sentence shown in tables and cards."""
    description: Text
    """A few paragraphs of Markdown: how it works."""
    when_to_use: list[Text] = Field(min_length=1)
    """Situations where this strategy fits."""
    when_not_to_use: list[Text] = Field(min_length=1)
    """Situations where another strategy is the better choice."""
    risk: Level
    """Risk to users while a release is in progress."""
    cost: Level
    """Extra infrastructure and operational cost."""
    complexity: Level
    """Effort to set up and run."""
    infrastructure: list[Text] = Field(min_length=1)
    """Prerequisites: what must exist before a team can use it."""
    rollback: Text
    """How a rollback works and how long it takes."""
    metrics: list[Text] = Field(min_length=1)
    """Signals to watch while it runs."""
    pitfalls: list[Text] = Field(min_length=1)
    """Common mistakes."""
    related: list[Slug] = []
    """Ids of strategies that combine well with this one."""
    runs_on: list[Platform] = []
    """Platforms where a team can run it (empty: any). A stack profile only recommends strategies that fit its platform."""
    deploys: bool = True
    """Whether it puts a new version into production on its own (false for techniques used with one, such as feature flags)."""
    operate: list[OperateStep] = Field(min_length=1)
    """Runbook: how to promote, pause, abort, roll back and verify a release done this way (data and schema notes in `how`)."""
    deep_dive: Text | None = None
    """Optional Markdown shown after the runbook, for depth a reader needs to run it well (e.g. sizing a canary)."""
    checked: datetime.date
    """Date the facts on this page were last checked against their sources (YYYY-MM-DD)."""
    sources: list[Source] = Field(min_length=1)
    """Where the facts above come from."""


# ---------------------------------------------------------------------------
# categories.yml and tools/<category>.yml
# ---------------------------------------------------------------------------


class Category(Model):
    """A family of tools; `data/tools/<id>.yml` holds the tools of category `<id>`."""

    id: Slug
    name: Text
    """Display name, e.g. `CI/CD platforms`."""
    summary: Text
    """What tools of this kind do in a release process."""
    exclusive: bool = True
    """A team normally runs one tool of this kind: the wizard preselects only the first one its profile recommends.
    Set `false` where tools complement each other (e.g. metrics, dashboards and alerting)."""


class Example(Model):
    """A minimal configuration sample, kept as a real file so it can be validated."""

    file: ExamplePath
    """Path below `data/examples/`, e.g. `github-actions/release.yml` (relative, no `..`)."""
    language: Text
    """Code-block language for highlighting, e.g. `yaml`, `hcl`, `groovy`."""
    title: Text
    """What the sample shows."""
    validator: Validator | None = None
    """The upstream schema or validator the test suite checks the file with (see tests/test_examples.py)."""


class Tool(Model):
    """A tool the release process can use."""

    id: Slug
    name: Text
    summary: Text
    """One sentence: what it is."""
    role: Text
    """Its role in a release process (Markdown)."""
    licence: Text
    """SPDX identifier for open source (e.g. `Apache-2.0`) or `Proprietary`."""
    hosting: list[Hosting] = Field(min_length=1)
    """How it can be run: self-hosted, as SaaS, or as a managed cloud service."""
    status: Literal["active", "maintenance", "discontinued"] = "active"
    """Project status upstream."""
    status_note: Text | None = None
    """Required unless active: what happened and what to use instead, with a date."""
    strategies: list[Slug] = []
    """Ids of the strategies it implements or supports."""
    stages: list[Stage] = Field(min_length=1)
    """Pipeline stages it serves."""
    strengths: list[Text] = Field(min_length=1)
    limits: list[Text] = Field(min_length=1)
    docs_url: Url
    """Official documentation."""
    example: Example | None = None
    """A minimal configuration example, where the tool has configuration."""
    fills: dict[PlaceholderId, Line] = {}
    """How this tool implements a placeholder's rule when a team chooses it (the mechanism, never the rule itself:
    numbers come from parameters, written `{canary.steps}`)."""
    runs_on: list[Platform] = []
    """Platforms it works on (empty: any). Profiles only preselect tools that fit the chosen stack."""
    operate: list[OperateStep] = []
    """Runbook: exact commands or UI steps to promote, pause, abort, roll back, verify or switch off with this tool."""
    sources: list[Source] = []
    """Where the facts on this tool's page come from (commands, licence, status)."""
    checked: datetime.date
    """Date the facts on this page were last checked against their sources (YYYY-MM-DD)."""


# ---------------------------------------------------------------------------
# gates.yml
# ---------------------------------------------------------------------------


class Gate(Model):
    """An automated check that a change must pass to go further."""

    id: Slug
    name: Text
    criteria: Text
    """What is checked."""
    threshold: Line
    """Default pass condition; profiles may override it."""
    blocking: bool = True
    """Whether failing it stops the pipeline (otherwise it warns)."""
    placeholder: PlaceholderId | None = None
    """The placeholder this gate's threshold fills in the document."""
    tools: list[Slug] = []
    """Ids of tools that can enforce it."""


class GateStage(Model):
    """A stage of the pipeline with its quality gates."""

    id: Slug
    name: Text
    summary: Text
    gates: list[Gate] = Field(min_length=1)


# ---------------------------------------------------------------------------
# profiles.yml
# ---------------------------------------------------------------------------


class Profile(Model):
    """A customisation profile from the specification: an organisation size, an industry or a stack."""

    id: Slug
    dimension: Dimension
    """Which choice this profile answers: organisation `size`, `industry` or technology `stack`."""
    name: Text
    summary: Text
    focus: Text
    """The specification's one-line guideline for it."""
    description: Text
    """Markdown: what changes for this kind of organisation and why."""
    platform: Platform | None = None
    """Stack profiles only: where this stack runs; tools and strategies that do not run there are not preselected."""
    parameters: dict[ParamId, ParamValue] = {}
    """Parameter id -> value this profile requires; when several chosen profiles set one, the stricter wins."""
    strategies: list[Slug] = []
    """Recommended strategy ids, best first."""
    tools: list[Slug] = []
    """Recommended tool ids."""
    gates: dict[Slug, Line] = {}
    """Gate id -> a requirement this profile adds to the gate's threshold (numbers belong in `parameters`)."""
    compliance: list[Text] = []
    """Compliance needs (standards, regulations, controls)."""
    review_cadence: dict[CadenceName, Text] = {}
    """What this profile adds to each review in the cadence."""
    placeholders: dict[PlaceholderId, Line] = {}
    """Default values for placeholders."""
    considerations: list[Text] = []
    """Points to keep in mind."""


# ---------------------------------------------------------------------------
# parameters.yml
# ---------------------------------------------------------------------------

ParamType = Literal["percent", "points", "percent-list", "duration", "count", "enum", "text"]


class ParamOption(Model):
    """A value of an `enum` parameter."""

    id: Slug
    label: Line
    """How the document writes it."""


class ParamGroup(Model):
    id: Slug
    name: Line


class Parameter(Model):
    """A number or setting the document states, defined once (see the comment at the top of parameters.yml)."""

    id: ParamId
    group: Slug
    """Id of the group it is listed under (`groups:`)."""
    label: Line
    """Plain-language name shown in the wizard and the "Our numbers" table."""
    description: Text
    type: ParamType
    stricter: Literal["higher", "lower", "none"]
    """Which way a value is stricter; the stricter value of two chosen profiles wins."""
    default: ParamValue | None = None
    """Playbook default; required except for `text` parameters (names the team must fill in)."""
    min: ParamValue | None = None
    """Smallest allowed value (durations and counts)."""
    max: ParamValue | None = None
    """Largest allowed value (durations and counts)."""
    options: list[ParamOption] = []
    """`enum` only: the values, from the least to the most strict."""
    placeholder: PlaceholderId | None = None
    """The placeholder whose section the wizard shows this parameter next to."""


class Units(Model):
    """How values are written; `{n}` is the number. Durations give [singular, plural]."""

    percent: Line
    points: Line
    list_separator: str
    durations: dict[Literal["s", "m", "h", "d", "w", "mo", "y"], tuple[Line, Line]]


class Problems(Model):
    """What is wrong with a parameter value, for people; `{min}`, `{max}`, `{options}` are replaced."""

    number: Line
    decimals: Line
    range: Line
    rising: Line
    duration: Line
    whole: Line
    option: Line
    line: Line
    empty: Line


class Parameters(Model):
    """parameters.yml: the typed parameters, their groups, units and problem messages."""

    groups: list[ParamGroup] = Field(min_length=1)
    units: Units
    problems: Problems
    parameters: list[Parameter] = Field(min_length=1)


# ---------------------------------------------------------------------------
# placeholders.yml
# ---------------------------------------------------------------------------


class Placeholder(Model):
    """One of the specification's universal `[PLACEHOLDERS]`."""

    id: PlaceholderId
    """Exactly as the specification writes it, without brackets."""
    description: Text
    example: Line
    """An example value, as a team would write it."""
    default: Line | None = None
    """Catalogue default: the rule used when neither the team nor a chosen profile gives one. Numbers are
    written as parameters, e.g. `at least {coverage.new-code} on new code`."""
    derived: Literal["strategies"] | None = None
    """The value is written from the team's choices instead (`strategies`: the default strategy first)."""
    block: bool = False
    """A value of several lines (a procedure, a list of rules): the wizard asks with a text area and the
    document keeps its line breaks. Other values are one line."""


class Phase(Model):
    """A group of placeholders, following the specification's structure."""

    id: Slug
    name: Text
    summary: Text
    spec_ref: Text
    """Where the group stands in the specification, e.g. `Phase 2, 2.1 release_strategy`."""
    placeholders: list[Placeholder] = Field(min_length=1)


# ---------------------------------------------------------------------------
# dora.yml
# ---------------------------------------------------------------------------


class ScaleOption(Model):
    """An answer a team can give for a metric, e.g. `between once per day and once per week`."""

    id: Slug
    label: Text


class Metric(Model):
    """A DORA software-delivery metric."""

    id: Slug
    name: Text
    kind: Literal["throughput", "instability"]
    definition: Text
    placeholder: PlaceholderId | None = None
    """The placeholder that holds a team's target for it."""
    parameter: ParamId | None = None
    """The parameter that holds a team's target for it (shown where the metric has no placeholder)."""
    scale: list[ScaleOption] = []
    """Answers offered in the wizard, best performance first."""
    source: Source


class Cluster(Model):
    """A performance cluster of one report, e.g. `elite` in 2024."""

    id: Slug
    name: Text
    share: int | None = Field(default=None, ge=0, le=100)
    """Percentage of respondents in this cluster."""
    values: dict[Slug, Text]
    """Metric id -> value as the report states it."""
    levels: dict[Slug, Slug] = {}
    """Metric id -> id of the closest option in that metric's scale."""


class Report(Model):
    """An edition of DORA's State of DevOps / Accelerate State of DevOps report."""

    year: int
    title: Text
    source: Source
    clusters: list[Cluster] = Field(min_length=1)


class Dora(Model):
    """DORA metrics and performance clusters."""

    metrics: list[Metric] = Field(min_length=1)
    reports: list[Report] = Field(min_length=1)


# ---------------------------------------------------------------------------
# playbook.yml
# ---------------------------------------------------------------------------


class Step(Model):
    title: Text
    detail: Text


class Guide(Model):
    """An implementation guide for one situation (new organisation, existing, high frequency)."""

    id: Slug
    name: Text
    summary: Text
    steps: list[Step] = Field(min_length=1)


class Cadence(Model):
    id: CadenceName
    name: Text
    focus: Text
    activities: list[Text] = Field(min_length=1)


class SuccessMetric(Model):
    id: Slug
    name: Text
    target: Text
    placeholder: PlaceholderId | None = None


class Checklist(Model):
    id: Slug
    name: Text
    summary: Text
    items: list[Text] = Field(min_length=1)


class RelatedDocument(Model):
    id: Annotated[str, StringConstraints(pattern=r"^DOC\d{3}$")]
    title: Text
    file: Text
    relation: Literal["required", "related"]
    purpose: Text
    parameter: ParamId
    """The text parameter where a team names and links its own document of this kind."""


class Playbook(Model):
    """The playbook itself: version, principle, standards, guides, cadence, checklists."""

    name: Text
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
    """Playbook version stated in generated documents."""
    principle: Text
    objectives: list[Text] = Field(min_length=1)
    standards: list[SuccessMetric] = Field(min_length=1)
    """Quality standards: speed, reliability, recovery, automation."""
    guides: list[Guide] = Field(min_length=1)
    cadence: list[Cadence] = Field(min_length=1)
    update_triggers: list[Text] = Field(min_length=1)
    success_metrics: list[SuccessMetric] = Field(min_length=1)
    checklists: list[Checklist] = Field(min_length=1)
    related_documents: list[RelatedDocument] = Field(min_length=1)
    references: list[Source] = Field(min_length=1)


# ---------------------------------------------------------------------------
# document.yml: the release-process document template
# ---------------------------------------------------------------------------

BlockName = Literal[
    "profile",
    "numbers",
    "targets",
    "cluster",
    "strategies",
    "tools",
    "gates",
    "compliance",
    "cadence",
    "roadmap",
    "related",
    "checklist",
    "roles",
    "raci",
    "severity",
    "runbook",
]
"""Tables and lists the engine builds from the answers and the catalogue (see macros/engine.py)."""


class When(Model):
    """A section applies only if every condition given here holds (each: any of the ids listed)."""

    strategies: list[Slug] = []
    """At least one of these strategies is chosen."""
    tools: list[Slug] = []
    """At least one of these tools is chosen."""
    situations: list[Slug] = []
    """The organisation's situation is one of these implementation-guide ids."""
    platforms: list[Platform] = []
    """No stack is chosen, the chosen stack runs on one of these, or a chosen tool runs on one of them."""


class Part(Model):
    """A piece of a section: Markdown text with `[PLACEHOLDER]` tokens, or a generated block."""

    text: Text | None = None
    block: BlockName | None = None
    when: When = When()
    """The part appears only when these conditions hold (as a section's `when:`)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Part:
        if (self.text is None) == (self.block is None):
            raise ValueError("give exactly one of `text:` or `block:` in each part")
        return self


PagePath = Annotated[str, StringConstraints(pattern=r"^([a-z0-9_-]+/)*[a-z0-9_-]+\.md(#[a-z0-9-]+)?$")]


class SeeAlso(Model):
    """A page of the playbook's site that says more about a section, linked under it when the site's
    address is known (the wizard's own site, `site_url` of a build, or `./dev render --site-url`)."""

    page: PagePath
    """Source path under docs/, with an optional #anchor: process/roles.md, start.md#roll-back-now."""
    title: Line


class Section(Model):
    id: Slug
    title: Line
    when: When = When()
    parts: list[Part] = Field(min_length=1)
    see: list[SeeAlso] = []


class DimensionNames(Model):
    """What each profile dimension is called in the document's profile table."""

    size: Line
    industry: Line
    stack: Line


class RelationNames(Model):
    """How the related-documents table names each relation."""

    required: Line
    related: Line


class Labels(Model):
    """Words the engine writes around the data: headings of generated tables and fixed phrases."""

    todo: Line
    """Marks a placeholder without a value, e.g. `TODO`."""
    not_assessed: Line
    none: Line
    """Shown where a list would be empty."""
    no_profile: Line
    """Stands for the profiles in the subtitle when none is chosen."""
    dimension: Line
    choice: Line
    guideline: Line
    dimension_names: DimensionNames
    metric: Line
    today: Line
    target: Line
    cluster: Line
    """Sentence for the `cluster` block; `{cluster}` and `{report}` are replaced."""
    no_cluster: Line
    strategy: Line
    summary: Line
    rollback: Line
    category: Line
    tool: Line
    role: Line
    stage: Line
    gate: Line
    threshold: Line
    blocking: Line
    yes: Line
    no: Line
    enforced_by: Line
    review: Line
    focus: Line
    activities: Line
    profile_additions: Line
    document: Line
    relation: Line
    purpose: Line
    relations: RelationNames
    no_profile_chosen: Line
    """Instead of the profile table when no profile is chosen."""
    no_situation: Line
    no_roadmap: Line
    no_strategy: Line
    no_tool: Line
    no_compliance: Line
    not_enforced: Line
    """The "enforced by" cell of a gate that no chosen tool enforces."""
    not_named: Line
    """A related document the team has not named yet."""
    ours: Line
    setting: Line
    value: Line
    source: Line
    sources: dict[Literal["user", "default", ""], Line]
    """Where a parameter's value came from (a profile is named by its own name)."""
    rule_from: Line
    """One of several rules, with the profile it comes from: `{rule}`, `{profile}`."""
    rule_separator: str
    mechanism: Line
    """How a chosen tool implements the rule, after it: `{tool}`, `{how}`."""
    mechanism_only: Line
    """How a chosen tool does it, when no rule was given."""
    review_mark: str
    """Written after a value that only the playbook's default supplied."""
    default_strategy: Line
    """`{strategy}` is the main deployment strategy, `{others}` the other chosen strategies."""
    default_strategy_only: Line
    unfit: Line
    """After a chosen tool or strategy that does not run on the stack: `{platforms}`, `{stack}`."""
    platforms: dict[Platform, Line]
    runbook_item: Line
    """One operate step of a chosen tool in the rollback runbook: `{tool}`, `{action}`, `{how}`."""
    runbook_command: Line
    runbook_then: str
    runbook_takes: Line
    runbook_verify: Line
    actions: dict[Literal["abort", "rollback", "disable"], Line]
    no_runbook: Line
    role_name: Line
    named_per_incident: Line
    """The "who" of a role the team does not name in advance (the scribe)."""
    who: Line
    duties: Line
    step: Line
    severity: Line
    definition: Line
    example: Line
    paged: Line
    response: Line
    updates: Line
    see: Line
    """Under a section with `see:` pages, when the site's address is known: `{links}`."""
    kit_files: Line
    """In the starter kit's copy of the document, under the section its files belong to: `{files}`."""
    see_separator: str


class TodoSection(Model):
    title: Line
    intro: Text
    none: Text
    placeholder: Line
    section: Line
    decide: Line


class ReviewSection(Model):
    """The "Review before adopting" table: values that nobody chose, only the playbook's default."""

    title: Line
    intro: Text
    none: Text
    item: Line
    why: Line


class Messages(Model):
    """What the wizard and command line say about an answers file they cannot use. `{detail}` is replaced."""

    not_json: Line
    foreign: Line
    newer: Line
    invalid: Line
    """Values that name ids or keys this catalogue does not have."""
    unknown_keys: Line
    """Keys the answers format does not have (a misspelling such as `organization`)."""
    wrong_type: Line
    """Values of the wrong type (a number where text is expected)."""
    bad_text: Line
    """Text that is not valid Unicode (a lone surrogate such as `\\ud83d`)."""
    encoding: Line
    """A file that is not UTF-8 text."""
    too_big: Line
    """A file over the size limit; `{size}` and `{limit}` are replaced by numbers of bytes."""
    unchanged: Line
    """Added after a refusal: nothing was changed."""
    parameters: Line
    """Bad parameter values: `{detail}` lists them."""
    parameter: Line
    """One bad parameter value: `{label}`, `{id}`, `{problem}`."""


class Document(Model):
    """The release-process document: header, sections in order, and the still-to-decide table."""

    title: Line
    """Heading; `{organisation}` is replaced."""
    default_organisation: Line
    """Used when the answers give no organisation name."""
    subtitle: Text
    """Line under the heading; `{playbook}` (the playbook's or the organisation's handbook's name), `{version}`,
    `{date}`, `{profiles}` and `{situation}` are replaced."""
    checklist: Slug
    """Id of the playbook checklist that the `checklist` block shows."""
    labels: Labels
    sections: list[Section] = Field(min_length=1)
    still_to_decide: TodoSection
    review: ReviewSection
    messages: Messages


# ---------------------------------------------------------------------------
# presets.yml: example answers published as example documents
# ---------------------------------------------------------------------------


class Preset(Model):
    """A ready-made set of answers; the site publishes the document it gives and the wizard can load it."""

    id: Slug
    title: Line
    summary: Text
    answers: dict[str, Any]
    """An answers object as the wizard saves it (format `release-playbook-answers`, version 1)."""


# ---------------------------------------------------------------------------
# wizard.yml: the wizard's steps and the words of its interface
# ---------------------------------------------------------------------------


class WizardStep(Model):
    """One step of the wizard: its own questions, the tool categories and placeholder phases it asks about."""

    id: Slug
    title: Line
    intro: Text
    special: Literal["organisation", "targets", "strategies", "review"] | None = None
    """A built-in group of questions this step shows before its tools and placeholders."""
    categories: list[Slug] = []
    """Tool categories whose tools are offered as checkboxes here."""
    phases: list[Slug] = []
    """Placeholder phases whose placeholders can be edited here."""
    parameters: list[Slug] = []
    """Parameter groups (parameters.yml) whose values can be edited here, as typed fields."""


class SourceNames(Model):
    """How the wizard describes where a value comes from; `{source}` names the tool or profile."""

    user: Line
    tools: Line
    profile: Line
    default: Line
    none: Line


class WizardText(Model):
    """Every phrase of the wizard's interface; `{n}`, `{total}`, `{title}`, `{source}` are replaced where noted."""

    progress_label: Line
    step_status: Line
    """Announced on each step change: `{n}`, `{total}`, `{title}`."""
    back: Line
    next: Line
    organisation_name: Line
    organisation_name_hint: Line
    situation: Line
    not_chosen: Line
    today: Line
    today_hint: Line
    cluster_heading: Line
    strategies: Line
    strategies_hint: Line
    tools_hint: Line
    use_recommended: Line
    """Button that makes strategies and tools follow the profiles again after manual changes."""
    recommended_done: Line
    changes: Line
    """Shown after a change of profile: `{changes}` is what it changed (the three lines below)."""
    changes_added: Line
    changes_removed: Line
    changes_numbers: Line
    discontinued: Line
    placeholders_heading: Line
    parameters_heading: Line
    parameters_hint: Line
    formats: dict[Literal["percent", "points", "percent-list", "duration", "count", "enum", "text"], Line]
    """How to write a value of each parameter type, shown under its field."""
    parameter_error: Line
    """Shown under a field whose value is not valid: `{problem}`; the document keeps the previous value."""
    keep_guidance: Line
    keep_guidance_hint: Line
    example: Line
    current_value: Line
    sources: SourceNames
    """How the origin of a value is described; `{source}` names the tool or profile."""
    preview_heading: Line
    show_markdown: Line
    show_formatted: Line
    download_document: Line
    download_answers: Line
    import_answers: Line
    import_done: Line
    share_link: Line
    share_copied: Line
    reset: Line
    reset_confirm: Line
    reset_done: Line
    error_heading: Line
    storage_unavailable: Line
    follow_hint: Line
    """Beside the one control that makes strategies and tools follow the profiles again."""
    follow_confirm: Line
    """Confirmation before own picks are undone; `{picks}` lists them."""
    follow_nothing: Line
    source_profile: Line
    """Beside a strategy or tool that is chosen because the profiles recommend it."""
    source_own: Line
    """Beside one the visitor checked."""
    source_removed: Line
    """Beside one the visitor unchecked although the profiles recommend it."""
    tools_hint_exclusive: Line
    """Hint for a tool category where one tool is expected (`exclusive` in categories.yml)."""
    kept_heading: Line
    stored_dropped: Line
    """Saved answers partly or wholly unreadable; `{detail}` says what was left out."""
    kept_still: Line
    kept_unsaved: Line
    kept_download: Line
    kept_discard: Line
    kept_downloaded: Line
    kept_discarded: Line
    link_replace_confirm: Line
    link_replaced: Line
    link_dropped: Line
    """Part of a link's answers left out; `{detail}` says what."""
    bad_link: Line
    synced: Line
    """Announced when another tab changed the answers."""
    storage_full: Line
    share_field_label: Line
    share_copy_failed: Line


class Wizard(Model):
    steps: list[WizardStep] = Field(min_length=2)
    text: WizardText


# ---------------------------------------------------------------------------
# org/organisation.yml: the organisation a fork publishes its handbook for (see macros/overlay.py)
# ---------------------------------------------------------------------------

SiteUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+(/[^\s]*)?/$")]
"""The address the site is published at, ending in `/`, e.g. `https://handbook.example.com/release/`."""


MATERIAL_COLOURS = (
    "red", "pink", "purple", "deep-purple", "indigo", "blue", "light-blue", "cyan", "teal", "green",
    "light-green", "lime", "yellow", "amber", "orange", "deep-orange", "brown", "grey", "blue-grey", "black", "white",
)  # fmt: skip
"""Material for MkDocs' palette colour names (https://squidfunk.github.io/mkdocs-material/setup/changing-the-colors/)."""


def _colour(value: str) -> str:
    if value in MATERIAL_COLOURS or (len(value) == 7 and value[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in value[1:])):
        return value.lower()
    raise ValueError(f"'{value}' is neither a Material colour name (indigo, teal, blue-grey, ...) nor a hex colour like #1f4e79")


Colour = Annotated[
    str,
    AfterValidator(_colour),
    # The same rule for editors (the JSON schema); the validator above gives the clearer message.
    Field(json_schema_extra={"pattern": "^(" + "|".join(MATERIAL_COLOURS) + "|#[0-9a-fA-F]{6})$"}),
]
"""A Material palette colour name (`indigo`) or a hex colour (`#1f4e79`), for which a stylesheet is generated."""
LogoFile = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(svg|png|jpg|jpeg|webp)$")]


class Colours(Model):
    """The site's colours: the header and links (`primary`) and highlights (`accent`)."""

    primary: Colour = "indigo"
    """Header, tabs and links: a Material colour name or a hex colour such as `#1f4e79`."""
    accent: Colour = "indigo"
    """Hovered links, buttons and other highlights: a Material colour name or a hex colour."""

    @model_validator(mode="after")
    def _material_accent(self) -> Colours:
        if self.accent in ("brown", "grey", "blue-grey", "black", "white"):
            raise ValueError(f"Material has no '{self.accent}' accent; choose another name or give a hex colour such as #1f4e79")
        return self


class Organisation(Model):
    """Who publishes this handbook, where, and the release process it follows."""

    name: Line
    """The organisation's name: the site's title and the name in its release-process document."""
    title: Line | None = None
    """The handbook's name where the playbook names itself (the document's subtitle, the wizard's
    messages), e.g. `Northwind Bank release handbook`; default: `name`."""
    logo: LogoFile | None = None
    """An image file in the organisation folder (`logo.svg`), shown in the header and copied to the site."""
    colours: Colours | None = None
    """The site's colours; default: the playbook's."""
    alternatives: Literal["group", "hide"] = "group"
    """Tools and strategies the organisation's answers do not choose: listed after its own under
    "Alternatives we do not use" (`group`), or left out of the indexes and the navigation (`hide`)."""
    site_url: SiteUrl | None = None
    """Where the site is published; the `SITE_URL` environment variable, when set, wins."""
    repo_url: Url | None = None
    """The fork's repository, for edit links."""
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    """The site's language as a BCP 47 tag, e.g. `en` or `es`."""
    contact: Line | None = None
    """Who answers questions about the process (a team, a channel or an address)."""
    answers: dict[str, Any] | None = None
    """The organisation's answers in the wizard's answers format (a downloaded answers file, as is)."""


# ---------------------------------------------------------------------------
# diagrams.yml
# ---------------------------------------------------------------------------


class TrafficPhase(Model):
    """One stretch of a rollout: who serves the users while it lasts."""

    label: Line
    """Short name under the time axis, e.g. `Step 1` or `Switch`."""
    new: int = Field(ge=0, le=100)
    """Percent of user traffic the new version answers."""
    old: int | None = Field(default=None, ge=0, le=100)
    """Percent the old version answers; defaults to 100 - new (set both to 0 for downtime)."""
    mirrored: int = Field(default=0, ge=0, le=100)
    """Percent of requests copied to the new version whose answers are thrown away (shadow)."""
    length: int = Field(default=1, ge=1, le=12)
    """Relative width of the phase on the time axis."""
    text: Line
    """What happens in this phase, for the diagram's text alternative."""

    @model_validator(mode="after")
    def _shares_fit(self) -> TrafficPhase:
        if self.new + self.old_share > 100:
            raise ValueError(f"new ({self.new}) and old ({self.old_share}) add up to more than 100 percent; lower one of them")
        return self

    @property
    def old_share(self) -> int:
        return 100 - self.new if self.old is None else self.old


class TrafficDiagram(Model):
    """A strategy's traffic over time, drawn on its page."""

    strategy: Slug
    """Id of the strategy in strategies.yml."""
    title: Line
    summary: Text
    """One or two sentences saying what the picture shows (the SVG's description)."""
    old_label: Line | None = None
    """Legend for the old side when "old version" does not fit, e.g. `Feature off`."""
    new_label: Line | None = None
    """Legend for the new side, e.g. `Feature on`."""
    phases: list[TrafficPhase] = Field(min_length=2)


class FlowStep(Model):
    """A box in a flow diagram."""

    label: Line
    gates: Slug | None = None
    """A gate stage id of gates.yml: the stage's gates are listed under the box."""
    text: Line
    """What happens at this step, for the text alternative."""


class Flow(Model):
    """Boxes joined by arrows, in a row (a pipeline) or a loop (GitOps)."""

    title: Line
    summary: Text
    steps: list[FlowStep] = Field(min_length=2)
    loop: bool = False
    """Draw an arrow from the last step back to the first."""
    loop_label: Line | None = None
    """Label on the arrow that closes the loop."""


class DecisionNode(Model):
    """A question with a yes and a no branch, or an answer naming a strategy."""

    question: Line | None = None
    if_yes: DecisionNode | None = None
    if_no: DecisionNode | None = None
    strategy: Slug | None = None
    """Id of the strategy this answer recommends."""
    why: Line | None = None
    """One line on why this answer fits."""

    @model_validator(mode="after")
    def _question_or_answer(self) -> DecisionNode:
        if self.strategy is None and not (self.question and self.if_yes and self.if_no):
            raise ValueError("give either `question:` with both `if_yes:` and `if_no:`, or `strategy:` for an answer")
        if self.strategy is not None and (self.question or self.if_yes or self.if_no):
            raise ValueError("an answer with `strategy:` cannot also have `question:`, `if_yes:` or `if_no:`; split it into two nodes")
        return self


class DecisionTree(Model):
    title: Line
    summary: Text
    root: DecisionNode


class DiagramLabels(Model):
    """Words drawn on or around the diagrams."""

    old: Line
    new: Line
    mirrored: Line
    no_service: Line
    share: Line
    time: Line
    as_text: Line
    """Summary of the disclosure that holds the text alternative."""
    phase: Line
    """Column heading of the phase table."""
    what_happens: Line
    answer_yes: Line
    answer_no: Line
    gates: Line
    """Heading of the list of gates under a pipeline step."""


class Diagrams(Model):
    labels: DiagramLabels
    traffic: list[TrafficDiagram] = Field(min_length=1)
    pipeline: Flow
    gitops: Flow
    decision: DecisionTree


# ---------------------------------------------------------------------------
# incidents.yml
# ---------------------------------------------------------------------------

RaciValue = Literal["R", "A", "R/A", "C", "I"]
"""Responsible (does it), Accountable (owns the outcome; one per activity), Consulted, Informed."""


class IncidentRole(Model):
    """A role in releases or incidents; the document's sections use the same ids."""

    id: Slug
    name: Line
    parameter: ParamId | None = None
    """The text parameter where a team names who holds this role in its document (none: named per incident)."""
    summary: Text
    responsibilities: list[Text] = Field(min_length=1)
    not_doing: list[Text] = []
    """What the role deliberately leaves to others, so it can do its own job."""


class RaciRow(Model):
    """One activity and who does what for it."""

    activity: Line
    roles: dict[Slug, RaciValue]
    """Role id -> R, A, R/A, C or I; roles left out take no part."""


class SeverityLevel(Model):
    """One incident severity level; lower numbers are more urgent."""

    id: Annotated[str, StringConstraints(pattern=r"^SEV[1-9]$")]
    name: Line
    definition: Text
    examples: list[Text] = Field(min_length=1)
    paged: Text
    """Who is paged or notified."""
    acknowledge: Line
    """How fast the page must be acknowledged."""
    updates: Line
    """How often stakeholders hear from the response."""
    postmortem: Line
    """Whether a postmortem is required, and by when."""


class TemplateSection(Model):
    """A heading of the postmortem template and what to write under it."""

    label: Line
    guidance: Text


class Postmortems(Model):
    required_for: list[Text] = Field(min_length=1)
    principles: list[Text] = Field(min_length=1)
    steps: list[Text] = Field(min_length=1)
    template: list[TemplateSection] = Field(min_length=1)
    follow_up: list[Text] = Field(min_length=1)


class Incidents(Model):
    """Roles, a RACI, severity levels and the postmortem process, shown on the process pages."""

    roles: list[IncidentRole] = Field(min_length=1)
    raci: list[RaciRow] = Field(min_length=1)
    severities: list[SeverityLevel] = Field(min_length=1)
    postmortems: Postmortems
    placeholders: dict[Literal["severity", "postmortems", "release-windows"], list[PlaceholderId]] = {}
    """Per process page, the placeholders where a team writes its own version of it."""
    sources: list[Source] = Field(min_length=1)


# ---------------------------------------------------------------------------
# kit.yml: the starter kit's files (templates in data/kit/, filled by macros/kit.py and kit.js)
# ---------------------------------------------------------------------------

KitPath = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")]
"""A relative path without `..` parts, e.g. `deploy/rollout.yaml`."""


class KitFile(Model):
    """One file of the starter kit."""

    path: KitPath
    """Where the file goes in the kit, e.g. `deploy/rollout.yaml`."""
    template: KitPath
    """Its template below `data/kit/`, e.g. `argo-rollouts/rollout.yaml`."""
    tools: list[Slug] = []
    """The kit holds the file when any of these tools is chosen; empty: always."""
    platforms: list[Platform] = []
    """Only for a stack that runs on one of these (a Lambda or an EC2 AppSpec); a stack that none of the file's
    chosen tools runs on, or no stack, takes every form of the file."""
    sections: list[Slug] = []
    """Document sections that point at the file in the kit's release-process.md: the first one the document
    shows for the answers (canary-releases, else progressive-delivery)."""
    strategies: list[Slug] = []
    """And, when given, only when any of these strategies is chosen (canary rules for `canary`)."""
    title: Line
    """What the file is (a sentence of the kit's README)."""
    goes: Line
    """Where it goes and what to change before using it (a sentence of the kit's README)."""
    checked: Line
    """Which upstream validator the tests run on it (tests/test_kit.py), as the README says it."""
    executable: bool = False
    """Stored with execute permission in the ZIP (scripts)."""


class KitReadme(Model):
    """The words of the kit's README.md; `{name}`, `{validator}`, `{profile}` and `{tools}` are filled in."""

    title: Line
    no_name: Line
    intro: Text
    files_heading: Line
    checked: Line
    value_head: Line
    our_value_head: Line
    source_head: Line
    sources: dict[Literal["user", "profile", "default"], Line]
    document: Text
    answers: Text
    missing_heading: Line
    missing: Text
    regenerate_heading: Line
    regenerate: Text


class KitMessages(Model):
    whole: Line
    """A value that a format needs whole (Argo Rollouts weights): `{where}`, `{value}`."""


class KitWizard(Model):
    """The words of the wizard's kit download (last step); loaded with the kit, only when that step opens."""

    download: Line
    files: Line
    refused: Line
    """Shown when the kit cannot be made; `{reason}` is the message."""
    zip_name: Line


class Kit(Model):
    """kit.yml: the starter kit's files and the words of its README."""

    default_name: Slug
    """Workload name (Rollout, namespace, alert labels) when the team's name has no ASCII letter or digit."""
    named: list[Slug]
    """Names in `<angle brackets>` of operate commands that the kit fills with the workload name."""
    runbook_actions: list[OperateAction]
    """Operate steps that scripts/rollback.sh runs, in this order."""
    files: list[KitFile] = Field(min_length=1)
    readme: KitReadme
    messages: KitMessages
    wizard: KitWizard
