"""The catalogue's data model: one strict pydantic model per kind of YAML file in `data/`.

Attribute docstrings become descriptions in the generated JSON Schemas (`data/schemas/`), so an
editor shows them while a person types. Cross-references between files are checked later, in
`macros.crosscheck`; this module only says what one file may contain.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# ---------------------------------------------------------------------------
# Shared field types
# ---------------------------------------------------------------------------

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
"""A stable id: lower-case words joined by hyphens, e.g. `blue-green`."""

PlaceholderId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
"""A placeholder id exactly as the specification writes it, without brackets, e.g. `RELEASE_VERSION`."""

Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]
"""An absolute https URL."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""Non-empty text; Markdown is allowed where the field says so."""

Line = Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\n\r]+$")]
"""One line of plain text: a value that fills a placeholder, so it must fit in a table cell."""

Level = Literal["low", "medium", "high"]
Stage = Literal["code", "build", "test", "release", "deploy", "operate", "observe"]
"""Pipeline stages a tool can serve, in pipeline order."""
Hosting = Literal["self-hosted", "saas", "managed-cloud"]
Dimension = Literal["size", "industry", "stack"]
TargetName = Literal["deployment_frequency", "lead_time", "recovery_time", "change_failure_rate", "rework_rate"]
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
    "yaml",
    "json",
]
"""How an example file is checked: an upstream JSON Schema, kubernetes-validate, promtool, or a plain parse."""
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

    file: Text
    """Path below `data/examples/`, e.g. `github-actions/release.yml`."""
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
    """Values this tool supplies for placeholders when a team chooses it."""


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


class Targets(Model):
    """DORA targets; a profile may set some and leave the rest to another dimension."""

    deployment_frequency: Line | None = None
    lead_time: Line | None = None
    recovery_time: Line | None = None
    change_failure_rate: Line | None = None
    rework_rate: Line | None = None


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
    targets: Targets = Targets()
    strategies: list[Slug] = []
    """Recommended strategy ids, best first."""
    tools: list[Slug] = []
    """Recommended tool ids."""
    gates: dict[Slug, Line] = {}
    """Gate id -> threshold that replaces the gate's default."""
    compliance: list[Text] = []
    """Compliance needs (standards, regulations, controls)."""
    review_cadence: dict[CadenceName, Text] = {}
    """What this profile adds to each review in the cadence."""
    placeholders: dict[PlaceholderId, Line] = {}
    """Default values for placeholders."""
    considerations: list[Text] = []
    """Points to keep in mind."""


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
    """Catalogue default used when no answer, tool or profile supplies a value."""
    target: TargetName | None = None
    """The profile target that supplies this placeholder's value, if any."""
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
    target: TargetName | None = None
    """The profile target it corresponds to."""
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

BlockName = Literal["profile", "targets", "cluster", "strategies", "tools", "gates", "compliance", "cadence", "roadmap", "related", "checklist"]
"""Tables and lists the engine builds from the answers and the catalogue (see macros/engine.py)."""


class When(Model):
    """A section applies only if every condition given here holds (each: any of the ids listed)."""

    strategies: list[Slug] = []
    """At least one of these strategies is chosen."""
    tools: list[Slug] = []
    """At least one of these tools is chosen."""
    situations: list[Slug] = []
    """The organisation's situation is one of these implementation-guide ids."""


class Part(Model):
    """A piece of a section: Markdown text with `[PLACEHOLDER]` tokens, or a generated block."""

    text: Text | None = None
    block: BlockName | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Part:
        if (self.text is None) == (self.block is None):
            raise ValueError("give exactly one of `text:` or `block:` in each part")
        return self


class Section(Model):
    id: Slug
    title: Line
    when: When = When()
    parts: list[Part] = Field(min_length=1)


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
    dimension_names: dict[Dimension, Line]
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
    file: Line
    relation: Line
    purpose: Line
    relations: dict[Literal["required", "related"], Line]


class TodoSection(Model):
    title: Line
    intro: Text
    none: Text
    placeholder: Line
    section: Line
    decide: Line


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


class Document(Model):
    """The release-process document: header, sections in order, and the still-to-decide table."""

    title: Line
    """Heading; `{organisation}` is replaced."""
    default_organisation: Line
    """Used when the answers give no organisation name."""
    subtitle: Text
    """Line under the heading; `{version}`, `{date}`, `{profiles}` and `{situation}` are replaced."""
    checklist: Slug
    """Id of the playbook checklist that the `checklist` block shows."""
    labels: Labels
    sections: list[Section] = Field(min_length=1)
    still_to_decide: TodoSection
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
    discontinued: Line
    placeholders_heading: Line
    example: Line
    current_value: Line
    sources: dict[Literal["user", "tools", "profile", "default", "none"], Line]
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
