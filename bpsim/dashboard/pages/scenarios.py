"""Scenarios: open a scenario file, edit its values with checks as you type, save a new one."""

from __future__ import annotations

import solara

from bpsim.core.scenario import PARAMETERS, Scenario, ScenarioError, load_scenario
from bpsim.dashboard.components import use_files_version, use_lang, use_text
from bpsim.dashboard.files import (
    check_new_name,
    parse_field,
    save_scenario,
    scenario_files,
)
from bpsim.dashboard.settings import scenarios_dir, without_paths
from bpsim.machinery import i18n

#: Parameter groups in the order the page shows them (the parameter table's order).
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(p.group for p in PARAMETERS))


def field_error(base: Scenario, name: str, raw: str, lang: str = "en") -> str | None:
    """The validation message for one edited value in `lang`, or None if it is allowed."""
    try:
        base.with_overrides({name: parse_field(raw)})
    except ScenarioError as err:
        return without_paths(i18n.scenario_problem(err, lang))
    return None


def edited_scenario(
    base: Scenario, edits: dict[str, str], lang: str = "en"
) -> tuple[Scenario | None, str | None]:
    """The scenario with every edit applied, or the first reason (in `lang`) it is not valid.

    Checking all edits together also catches rules between values (such as the
    most procedure steps being at least the fewest).
    """
    try:
        return base.with_overrides({k: parse_field(v) for k, v in edits.items()}), None
    except ScenarioError as err:
        return None, without_paths(i18n.scenario_problem(err, lang))


def shown(value: float | int) -> str:
    """A value as the scenario file writes it."""
    return str(value) if isinstance(value, int) else repr(float(value))


@solara.component
def ParameterField(name: str, base: Scenario, raw: str | None, on_raw):
    """One parameter: its value (editable), unit and meaning, and any problem with it."""
    lang = use_lang()
    tr = use_text()
    value = raw if raw is not None else shown(base[name])
    problem = field_error(base, name, raw, lang) if raw is not None else None
    label = i18n.parameter_label(name, lang)
    label = name if label == name else f"{label} ({name})"
    allowed = tr("allowed", allowed=i18n.allowed(name, lang))
    hint = f"{i18n.parameter_meaning(name, lang)} [{i18n.unit(name, lang)}; {allowed}]"
    solara.InputText(
        label,
        value=value,
        on_value=on_raw,
        continuous_update=True,
        error=problem or False,
        message=None if problem else hint,
        classes=["bpsim-field", f"bpsim-field-{name}"],
        hide_details=False,
    )


@solara.component
def ScenariosPage():
    """The Scenarios tab."""
    tr = use_text()
    lang = use_lang()
    files_version = use_files_version()
    version = files_version.value
    files = solara.use_memo(scenario_files, [version])
    choice = solara.use_reactive(files[0] if files else None)
    edits = solara.use_reactive({})
    new_name = solara.use_reactive("")
    description = solara.use_reactive("")
    outcome = solara.use_reactive(None)  # (kind, message) of the last save

    def load() -> tuple[Scenario | None, str | None]:
        if not choice.value:
            return None, None
        try:
            return load_scenario(scenarios_dir() / choice.value), None
        except ScenarioError as err:
            return None, without_paths(str(err))

    base, load_error = solara.use_memo(load, [choice.value, version])

    def on_choice(name: str | None) -> None:
        choice.value = name
        edits.value = {}
        outcome.value = None

    def on_raw(name: str, raw: str | None) -> None:
        current = dict(edits.value)
        if base is not None and (raw or "").strip() == shown(base[name]):
            current.pop(name, None)  # typed back to the file's value: no longer an edit
        else:
            current[name] = raw or ""
        edits.value = current
        outcome.value = None

    def save() -> None:
        candidate, problem = edited_scenario(base, edits.value, lang)
        if candidate is None:
            outcome.value = ("error", tr("save_fix_first") + " " + (problem or ""))
            return
        name = new_name.value.strip()
        refusal = check_new_name(name)
        if refusal is not None:
            outcome.value = ("error", tr(refusal[0], **refusal[1]))
            return
        try:
            path = save_scenario(name, description.value.strip(), candidate, choice.value)
        except (ScenarioError, OSError) as err:
            outcome.value = ("error", tr("save_failed", error=without_paths(str(err))))
            return
        files_version.value += 1
        # Show the new file, whose values are the edits just saved.
        choice.value = path.name
        edits.value = {}
        outcome.value = ("success", tr("saved", path=path.name))

    solara.Text(tr("scenario_intro"), style={"max-width": "70em", "display": "block"})
    if not files:
        solara.Warning(tr("no_scenarios", folder=scenarios_dir().name))
        return
    solara.Select(
        tr("scenario_file"),
        values=files,
        value=choice.value,
        on_value=on_choice,
        classes=["bpsim-scenario-file"],
        style={"max-width": "30em"},
    )
    if base is None:
        solara.Error(tr("file_error", error=load_error), classes=["bpsim-error"])
        return
    if base.describe(lang):
        solara.Text(base.describe(lang), style={"font-style": "italic"})

    candidate, problem = edited_scenario(base, edits.value, lang)
    with solara.Columns([1, 1]):
        with solara.Card(margin=0, classes=["bpsim-validation"]):
            if problem:
                solara.Error(tr("values_bad", error=problem), classes=["bpsim-error"])
            else:
                solara.Success(tr("values_ok"), dense=True)
            if edits.value:
                with solara.Row(style={"align-items": "center"}):
                    solara.Text(tr("changed_count", n=len(edits.value), file=choice.value))
                    solara.Button(tr("undo_edits"), text=True, on_click=lambda: edits.set({}))
        SaveCard(new_name, description, save, candidate is not None, outcome.value)
    for group in GROUPS:
        names = [p.name for p in PARAMETERS if p.group == group]
        with (
            solara.Details(tr(f"group_{group}"), expand=group == "lever"),
            solara.ColumnsResponsive(12, large=6),
        ):
            for name in names:
                ParameterField(
                    name, base, edits.value.get(name), lambda raw, n=name: on_raw(n, raw)
                )


@solara.component
def SaveCard(new_name, description, on_save, can_save: bool, outcome):
    """Name, description and the Save button, with the result of the last save."""
    tr = use_text()
    with solara.Card(tr("save"), margin=0, classes=["bpsim-save"]):
        solara.InputText(
            tr("new_name"),
            value=new_name,
            continuous_update=True,
            message=tr("new_name_hint"),
            hide_details=False,
            classes=["bpsim-new-name"],
        )
        solara.InputText(
            tr("description"),
            value=description,
            continuous_update=True,
            classes=["bpsim-description"],
        )
        solara.Button(
            tr("save"),
            icon_name="mdi-content-save-outline",
            color="primary",
            on_click=on_save,
            disabled=not can_save,
            classes=["bpsim-save-button"],
        )
        if outcome:
            kind, message = outcome
            if kind == "success":
                solara.Success(message, classes=["bpsim-saved"])
            else:
                solara.Error(message, classes=["bpsim-error"])
