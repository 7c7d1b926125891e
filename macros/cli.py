"""Command line: `python -m macros <command>`; see `python -m macros --help`."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
from pathlib import Path as FsPath

import yaml

from . import bundlecache
from .engine import AnswersError, fill, render, shown, unresolved
from .errors import CatalogueError, did_you_mean

DATA_DIR = FsPath(__file__).resolve().parent.parent / "data"
"""The catalogue of this checkout (macros.catalogue.DATA_DIR, without importing the models)."""


def load_catalogue(data_dir: FsPath, org: FsPath | None = None):
    """Validate the catalogue (with an organisation folder merged over it, if any) and keep its bundle
    for later renders (see macros/bundlecache.py; only without an organisation folder)."""
    from .catalogue import load_catalogue as load

    catalogue = load(data_dir, org)
    if org is None:
        bundlecache.save(FsPath(data_dir), catalogue.bundle, {p.id: p.answers for p in catalogue.presets})
    return catalogue


def load_view(data_dir: FsPath, org: FsPath | None = None, lang: str | None = None) -> tuple[dict, dict]:
    """(bundle, presets by id): saved from the last validation of exactly these files, else validated now.
    In another language than English (--lang, $PLAYBOOK_LANG or the organisation's), its translation merged over."""
    lang = lang or os.environ.get("PLAYBOOK_LANG")
    saved = bundlecache.load(FsPath(data_dir)) if org is None and lang in (None, "en") else None
    if saved is not None:
        return saved["bundle"], saved["presets"]
    catalogue = load_catalogue(data_dir, org)
    if lang or catalogue.organisation:
        from .i18n import language_of, translated

        catalogue = translated(catalogue, language_of(catalogue, {"PLAYBOOK_LANG": lang} if lang else os.environ))
    return catalogue.bundle, {p.id: p.answers for p in catalogue.presets}


class UsageError(Exception):
    """A problem with the command's input; the message says what to fix."""


def _org(args: argparse.Namespace) -> FsPath | None:
    """The organisation folder: --org, else $PLAYBOOK_ORG, else org/ of this checkout when it exists."""
    if args.org:
        return args.org
    if os.environ.get("PLAYBOOK_ORG"):
        return FsPath(os.environ["PLAYBOOK_ORG"])
    default = DATA_DIR.parent / "org"
    return default if default.is_dir() and FsPath(args.data).resolve() == DATA_DIR.resolve() else None


def _validate(args: argparse.Namespace) -> int:
    # Imported here: rendering must not pay for the models and the overlay (see tests/test_bench.py).
    from .loader import data_label
    from .overlay import organisation_profile_values, organisation_profiles, overridden_profile_values

    org = _org(args)
    catalogue = load_catalogue(args.data, org)
    if catalogue.organisation and org:
        # Only the organisation's own edits: upstream profiles combine by design.
        chosen = organisation_profiles(catalogue) or None
        for warning in overridden_profile_values(catalogue, chosen, organisation_profile_values(org)):
            print(f"warning: {warning}, so this value in {data_label(org)}/data/profiles.yml has no effect", file=sys.stderr)
    # Every translation in data/i18n/ is merged once, so a key the English files lack or a missing heading is reported.
    from .i18n import check_all, language_of

    language_of(catalogue)  # PLAYBOOK_LANG or the organisation's `language:` names a translation that exists
    languages = check_all(catalogue, DATA_DIR.parent / "docs" if FsPath(args.data).resolve() == DATA_DIR.resolve() else None)
    placeholders = len(catalogue.placeholder)
    folders = f"{data_label(FsPath(args.data))}/" + (f" with {data_label(org)}/" if org else "")
    print(
        f"{folders}: valid: {len(catalogue.strategies)} strategies, {len(catalogue.tools)} tools in "
        f"{len(catalogue.categories)} categories, {len(catalogue.profiles)} profiles, {len(catalogue.gate)} gates, "
        f"{placeholders} placeholders in {len(catalogue.phases)} phases; languages: {', '.join(languages)}"
    )
    return 0


def _schemas(args: argparse.Namespace) -> int:
    from .schemas import stale_schemas, write_schemas

    schema_dir = FsPath(args.data) / "schemas"
    if args.check:
        stale = stale_schemas(schema_dir)
        for name in stale:
            print(f"data/schemas/{name} is stale; run `python -m macros schemas` and commit the result", file=sys.stderr)
        return 1 if stale else 0
    for name in write_schemas(schema_dir):
        print(f"wrote data/schemas/{name}")
    return 0


MAX_ANSWERS_BYTES = 1_000_000
"""The largest answers file read (the wizard has the same limit): real ones are a few kilobytes."""
UTF8_BOM = b"\xef\xbb\xbf"
OTHER_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 and UTF-32 start with one of these


def answers_text(data: bytes, messages: dict[str, str]) -> str:
    """The text of an answers file. One rule in both runtimes (docs/assets/wizard/state.js): UTF-8,
    with or without a byte order mark; anything else (UTF-16, Latin-1) is refused, never guessed."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    elif data.startswith(OTHER_BOMS) or b"\x00" in data:
        raise AnswersError(messages["encoding"])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise AnswersError(messages["encoding"]) from None


def _no_constant(name: str) -> None:
    """NaN and Infinity are not JSON (JavaScript's JSON.parse refuses them too)."""
    raise ValueError(f"{name} is not a JSON value")


def _read_answers(path: FsPath, messages: dict[str, str]) -> object:
    """An answers file as data: JSON, or YAML for files ending in .yml/.yaml."""
    try:
        size = path.stat().st_size
        if size > MAX_ANSWERS_BYTES:
            raise UsageError(f"{path}: {fill(messages['too_big'], {'size': f'{size:,}', 'limit': f'{MAX_ANSWERS_BYTES:,}'})}")
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the answers file ({exc.strerror or exc})") from None
    try:
        text = answers_text(data, messages)
    except AnswersError as exc:
        raise UsageError(f"{path}: {exc}") from None
    is_yaml = path.suffix.lower() in (".yml", ".yaml")
    try:
        return yaml.safe_load(text) if is_yaml else json.loads(text, parse_constant=_no_constant)
    except (json.JSONDecodeError, yaml.YAMLError, ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None) or (exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else "?")
        detail = "nested too deeply" if isinstance(exc, RecursionError) else shown(str(exc))
        raise UsageError(f"{path}:{line}: not valid {'YAML' if is_yaml else 'JSON'} ({detail}); fix the syntax") from None


def _write_atomically(path: FsPath, text: str) -> None:
    """Write the whole file or nothing: a failure never leaves a half-written document (or a .tmp)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        data = text.encode("utf-8")
        tmp.write_bytes(data)
        tmp.replace(path)
    except (OSError, UnicodeError) as exc:
        raise UsageError(f"{path}: cannot write the document ({exc})") from None
    finally:
        tmp.unlink(missing_ok=True)


def _render(args: argparse.Namespace) -> int:
    bundle, presets = load_view(args.data, _org(args), args.lang)
    if args.since:
        return _since(args, bundle)
    if args.preset:
        if args.preset not in presets:
            raise UsageError(f"unknown preset '{args.preset}' ({did_you_mean(args.preset, presets)})")
        answers = presets[args.preset]
    elif args.answers:
        answers = _read_answers(args.answers, bundle["document"]["messages"])
    else:
        raise UsageError("give an answers file (JSON or YAML) or --preset ID")
    if args.site_url:
        bundle = {**bundle, "site_url": args.site_url}
    try:
        document = render(answers, bundle, args.date)
    except AnswersError as exc:
        raise UsageError(f"{args.answers or args.preset}: {exc}") from None
    if args.output and str(args.output) != "-":
        _write_atomically(args.output, document)
        todo = unresolved(answers, bundle)
        print(f"wrote {args.output} ({len(document.splitlines())} lines; {len(todo)} placeholders without a value)", file=sys.stderr)
    else:
        sys.stdout.write(document)
    return 0


def _since(args: argparse.Namespace, bundle: dict) -> int:
    """What this playbook version changes in the document of an answers file written by an older one."""
    from .since import SinceError, report

    if args.answers or args.preset:
        raise UsageError("--since takes the answers file itself: `render --since answers.json`")
    raw = _read_answers(args.since, bundle["document"]["messages"])
    changelog = FsPath(args.data).resolve().parent / "CHANGELOG.md"
    try:
        text = report(raw, bundle, changelog.read_text(encoding="utf-8") if changelog.is_file() else "")
    except SinceError as exc:
        raise UsageError(f"{args.since}: {exc}") from None
    except AnswersError as exc:
        raise UsageError(f"{args.since}: {exc}") from None
    if args.output and str(args.output) != "-":
        _write_atomically(args.output, text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every entry of a kit ZIP carries this time, so the same answers always give the same bytes."""


def kit_zip(files: list[tuple[str, str]], executable: set[str]) -> bytes:
    """The kit as ZIP bytes: entries in kit order, fixed timestamps, deflated, scripts executable."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files:
            info = zipfile.ZipInfo(path, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the permission bits below are read
            info.external_attr = (0o100755 if path in executable else 0o100644) << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def _kit(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from .kit import KitError, kit_bundle, kit_files

    if not args.output and not args.zip:
        raise UsageError("say where the kit goes: -o DIR (an empty or new folder) or --zip FILE")
    catalogue = load_catalogue(args.data)
    try:
        bundle = kit_bundle(catalogue)
    except KitError as exc:
        raise UsageError(str(exc)) from None
    answers = _read_answers(args.answers, bundle["document"]["messages"])
    if args.output and args.output.exists() and (not args.output.is_dir() or any(args.output.iterdir())) and not args.force:
        problem = "is not empty" if args.output.is_dir() else "is not a folder"
        raise UsageError(f"{args.output}: {problem}; choose a new folder, or add --force to replace it")
    if args.site_url:
        bundle = {**bundle, "site_url": args.site_url}
    try:
        files = kit_files(answers, bundle, args.date)
    except AnswersError as exc:
        raise UsageError(f"{args.answers}: {exc}") from None
    except KitError as exc:
        raise UsageError(f"{args.answers}: {exc}") from None
    executable = {f["path"] for f in bundle["kit"]["files"] if f["executable"]}
    if args.zip:
        _write_bytes_atomically(args.zip, kit_zip(files, executable))
        print(f"wrote {args.zip} ({len(files)} files)", file=sys.stderr)
    if args.output:
        target = args.output.resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = FsPath(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; the kit is an ordinary folder
        try:
            for path, text in files:
                dest = staging / path
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text, encoding="utf-8", newline="")
                if path in executable:
                    dest.chmod(0o755)
            if target.exists():
                old = target.with_name(f".{target.name}.old")
                shutil.rmtree(old, ignore_errors=True)
                target.rename(old)
                staging.rename(target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                staging.rename(target)
        except OSError as exc:
            raise UsageError(f"{args.output}: cannot write the kit ({exc})") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        print(f"wrote {len(files)} files into {args.output}", file=sys.stderr)
    return 0


def _write_bytes_atomically(path: FsPath, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the ZIP ({exc})") from None
    finally:
        tmp.unlink(missing_ok=True)


def _date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-28") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Release Playbook catalogue tools.")
    parser.add_argument("--data", type=FsPath, default=DATA_DIR, help="catalogue folder (default: data/ of this checkout)")
    parser.add_argument("--org", type=FsPath, help="organisation folder merged over the catalogue (default: $PLAYBOOK_ORG, else org/ when it exists)")
    parser.add_argument("--lang", help="language of the document, e.g. es (default: $PLAYBOOK_LANG, else the organisation's, else en; see data/i18n/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every data file and cross-reference; list all problems").set_defaults(run=_validate)
    p = sub.add_parser("schemas", help="regenerate data/schemas/*.json from the models")
    p.add_argument("--check", action="store_true", help="only report stale schemas (exit 1)")
    p.set_defaults(run=_schemas)
    p = sub.add_parser("render", help="write the release-process document for an answers file")
    p.add_argument("answers", nargs="?", type=FsPath, help="answers file (.json, or .yml/.yaml) as the wizard downloads it")
    p.add_argument("--preset", help="use the answers of a preset from data/presets.yml instead")
    p.add_argument("--since", type=FsPath, metavar="ANSWERS", help="list what this playbook version changes in the document of an answers file it records")
    p.add_argument("-o", "--output", type=FsPath, help="document to write (default: standard output)")
    p.add_argument("--date", type=_date, default=datetime.date.today().isoformat(), help="date stated in the document (default: today)")
    _site_url_option(p)
    p.set_defaults(run=_render)
    p.add_argument("--lang", default=argparse.SUPPRESS, help="language of the document, e.g. es (as the option before the command)")
    p = sub.add_parser("kit", help="write the starter kit (configuration files filled with the answers) for an answers file")
    p.add_argument("answers", type=FsPath, help="answers file (.json, or .yml/.yaml) as the wizard downloads it")
    p.add_argument("-o", "--output", type=FsPath, help="folder to write the kit into (must be empty or new unless --force)")
    p.add_argument("--zip", type=FsPath, help="ZIP file to write the kit into")
    p.add_argument("--force", action="store_true", help="replace the files of a folder that is not empty")
    p.add_argument("--date", type=_date, default=datetime.date.today().isoformat(), help="date stated in release-process.md (default: today)")
    _site_url_option(p)
    p.set_defaults(run=_kit)
    return parser


def _site_url_option(p: argparse.ArgumentParser) -> None:
    """--site-url of render and kit: the documents they write link their sections to that site's pages."""
    p.add_argument(
        "--site-url",
        type=_site_url,
        default=os.environ.get("SITE_URL", "").strip() or None,
        help="address of the published playbook site, so that sections link to its pages (default: $SITE_URL; without one, no links)",
    )


def _site_url(text: str) -> str:
    if not re.fullmatch(r"https?://[^\s()<>]+", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a web address like https://handbook.example.com/")
    return text


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (CatalogueError, UsageError) as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
