"""What a row of each bundle file must hold, as one pydantic model per file (CONTRACT.md).

A model checks and converts one row's cells: types, allowed values, optional columns, amounts
(Decimal, non-negative, at most two decimals, up to MAX_AMOUNT), plausible years, text and id
lengths and NUL bytes. References to other rows (an owner, a customer) are not a row's own
business: `storage.bundle_rows` checks them against what is known.

Rows are validated as the reader gives them (`cells`): stripped, empty cells left out, so a
required column that is empty is reported as empty and an optional one takes its default.
A ValidationError becomes one short reason naming the column (`reason`), never a dump."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema
from pydantic_core import ErrorDetails as _ErrorDetails

from domain.types import KINDS, STAGES

ROLES = ("rep", "manager", "admin")
METRIC_KEYS = ("won_amount", "won_deals", "visits", "activities", "new_leads", "new_deals")
ACTIVITY_STATUSES = ("done", "planned")
MAX_AMOUNT = Decimal(10) ** 11  # the largest amount taken as plausible, in any currency (CONTRACT / issue 15)
MAX_FIELD = 10_000  # characters in any field
MAX_KEY = 64  # characters in an id or a reference to one (the schema's key length)
YEARS = (1900, 2200)  # dates outside these years are typing mistakes

_NO_NUL = r"^[^\x00]*$"
_FIRST = datetime(YEARS[0], 1, 1, tzinfo=UTC)
_AFTER_LAST = datetime(YEARS[1] + 1, 1, 1, tzinfo=UTC)
_OUTSIDE_YEARS = f"is outside the years {YEARS[0]}-{YEARS[1]}"


@dataclass(frozen=True)
class Says:
    """How a column's failures read: `default` for any error of its type, `by_type` per pydantic
    error type (e.g. `timezone_aware`). The column name and the cell's text are added around it."""

    default: str
    by_type: dict[str, str] = field(default_factory=dict)

    def __hash__(self) -> int:  # (pydantic hashes metadata it keeps)
        return hash(self.default)


@dataclass(frozen=True)
class AsText:
    """Check the cell as text first (a pattern, lower-casing), then as the field's own type."""

    pattern: str | None = None
    to_lower: bool = False

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.chain_schema([core_schema.str_schema(pattern=self.pattern, to_lower=self.to_lower),
                                         handler(source)])


def _no_thousands(value: object) -> object:
    """`1,234.50` as written by spreadsheets: the separators are dropped."""
    return value.replace(",", "") if isinstance(value, str) else value


def _aliases(value: str) -> str:
    return "|".join(a.strip() for a in value.split("|") if a.strip())


def _end_not_before_start(start: date, end: date) -> None:
    if end < start:
        raise PydanticCustomError("end_before_start", "end {end} is before start {start}",
                                  {"end": str(end), "start": str(start)})


# ---------- column types ----------

Key = Annotated[str, Field(max_length=MAX_KEY, pattern=_NO_NUL)]  # an id, or a reference to one
Text = Annotated[str, Field(max_length=MAX_FIELD, pattern=_NO_NUL)]
Stamp = Annotated[AwareDatetime, Field(ge=_FIRST, lt=_AFTER_LAST), AsText(pattern=r"^\d{4}-\d{2}-\d{2}"),
                  Says("is not an ISO 8601 timestamp", {"timezone_aware": "has no UTC offset",
                                                         "greater_than_equal": _OUTSIDE_YEARS,
                                                         "less_than": _OUTSIDE_YEARS})]
Day = Annotated[date, Field(ge=date(YEARS[0], 1, 1), le=date(YEARS[1], 12, 31)),
                AsText(pattern=r"^\d{4}-\d{2}-\d{2}$"),
                Says("is not a real date", {"string_pattern_mismatch": "is not a YYYY-MM-DD date",
                                            "greater_than_equal": _OUTSIDE_YEARS,
                                            "less_than_equal": _OUTSIDE_YEARS})]
_NEGATIVE = "must be a non-negative number"
Amount = Annotated[Decimal, BeforeValidator(_no_thousands),
                   Field(ge=0, le=MAX_AMOUNT, decimal_places=2, allow_inf_nan=False),
                   Says("is not a number", {"finite_number": _NEGATIVE, "greater_than_equal": _NEGATIVE,
                                            "less_than_equal": "is beyond any plausible amount (over 10^11)",
                                            "decimal_max_places": "has more than two decimals"})]
Currency = Annotated[str, StringConstraints(to_upper=True, pattern=r"^[A-Za-z]{3}$"), Says("is not an ISO code")]
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), Says("is not an e-mail address")]
_TARGET_RANGE = "must be a number from 0 to 10^11"
TargetValue = Annotated[float, BeforeValidator(_no_thousands), Field(ge=0, le=float(MAX_AMOUNT), allow_inf_nan=False),
                        Says("is not a number", {"finite_number": _TARGET_RANGE, "greater_than_equal": _TARGET_RANGE,
                                                 "less_than_equal": _TARGET_RANGE})]
Role = Literal["rep", "manager", "admin"]
Kind = Literal["visit", "call", "meeting", "demo", "message"]
Stage = Literal["lead", "qualified", "proposal", "negotiation", "won", "lost"]
Metric = Literal["won_amount", "won_deals", "visits", "activities", "new_leads", "new_deals"]
Status = Annotated[Literal["done", "planned"], AsText(to_lower=True),
                   Says("", {"literal_error": "must be one of done, planned (or empty for done)"})]

assert get_args(Role) == ROLES and get_args(Kind) == KINDS and get_args(Stage) == STAGES
assert get_args(Metric) == METRIC_KEYS and get_args(get_args(Status)[0]) == ACTIVITY_STATUSES


# ---------- one model per file ----------

class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class UserRow(_Row):
    id: Key
    name: Text
    role: Role
    team: Text | None = None
    manager_id: Key | None = None
    telegram_id: Text | None = None
    wecom_userid: Text | None = None


class CustomerRow(_Row):
    id: Key
    name: Text
    aliases: Annotated[Text, AfterValidator(_aliases)] = ""
    tier: Text | None = None
    industry: Text | None = None
    region: Text | None = None
    source: Text | None = None
    owner_id: Key | None = None
    created_at: Stamp


class ContactRow(_Row):
    id: Key
    customer_id: Key
    name: Text
    title: Text | None = None
    phone: Text | None = None
    email: Email | None = None


class DealRow(_Row):
    id: Key
    customer_id: Key
    title: Text = ""
    owner_id: Key | None = None
    amount: Amount
    currency: Currency
    expected_close: Day | None = None
    created_at: Stamp


class DealEventRow(_Row):
    deal_id: Key
    at: Stamp
    stage: Stage
    amount: Amount | None = None
    by: Key | None = None
    reason: Text | None = None


class ActivityRow(_Row):
    id: Key
    user_id: Key
    customer_id: Key
    contact_id: Key | None = None
    kind: Kind
    occurred_at: Stamp
    summary: Text = ""
    next_step: Text = ""
    followup_date: Day | None = None
    status: Status = "done"
    checkin: Text = ""  # the label of the visit's check-in, as exported; import reads nothing from it


class TargetRow(_Row):
    user_id: Key
    metric: Metric
    start: Day
    end: Day
    value: TargetValue

    @model_validator(mode="after")
    def _ordered(self) -> TargetRow:
        _end_not_before_start(self.start, self.end)
        return self


class ContractRow(_Row):
    id: Key
    customer_id: Key
    deal_id: Key | None = None
    owner_id: Key | None = None
    title: Text = ""
    amount: Amount
    currency: Currency
    signed_on: Day


class InstallmentRow(_Row):
    contract_id: Key
    due_on: Day
    amount: Amount


class PaymentRow(_Row):
    id: Key
    contract_id: Key
    received_on: Day
    amount: Amount
    by: Key | None = None


# file -> its model; the files' columns are the models' fields, in CONTRACT.md order
MODELS: dict[str, type[_Row]] = {
    "users.csv": UserRow, "customers.csv": CustomerRow, "contacts.csv": ContactRow, "deals.csv": DealRow,
    "deal_events.csv": DealEventRow, "activities.csv": ActivityRow, "targets.csv": TargetRow,
    "contracts.csv": ContractRow, "installments.csv": InstallmentRow, "payments.csv": PaymentRow,
}


def cents(amount: Decimal) -> int:
    """A validated amount (at most two decimals) as integer cents."""
    return int(amount * 100)


# ---------- rows in, models or reasons out ----------

R = TypeVar("R", bound=BaseModel)
_nonempty = itemgetter(1)


def cells(header: Iterable[str], values: Iterable[str]) -> dict[str, str]:
    """A row as the models take it: each cell stripped, empty cells left out."""
    return dict(filter(_nonempty, zip(header, map(str.strip, values), strict=False)))


def validate(model: type[R], row: Mapping[str, str]) -> R | str:
    """One row (as `cells` gives it) as `model`, or the reason it is refused."""
    try:
        return model.model_validate(row)
    except ValidationError as e:
        return reason(model, e.errors(include_url=False), row)


@cache
def _many(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def validate_many(model: type[R], rows: list[dict[str, str]]) -> list[R | str]:
    """`validate` of each row, in one call for a batch whose rows are all good (the usual case)."""
    try:
        return _many(model).validate_python(rows)
    except ValidationError:
        return [validate(model, row) for row in rows]


def reason(model: type[BaseModel], errors: list[_ErrorDetails], row: Mapping[str, str]) -> str:
    """One short reason for a refused row, naming the column: `COLUMN what is wrong: 'cell'`.
    A NUL byte or an over-long cell is named before anything else the row has wrong."""
    first = next((e for e in errors if e["type"] == "string_too_long"
                  or (e["loc"] and "\x00" in row.get(str(e["loc"][0]), ""))), errors[0])
    if not first["loc"]:  # a rule over several columns: its own words
        return first["msg"]
    col = str(first["loc"][0])
    text = row.get(col, "")
    kind = first["type"]
    if kind == "missing":
        return f"{col} is empty"
    if "\x00" in text:
        return f"{col} contains a NUL byte"
    if kind == "string_too_long":
        limit = first.get("ctx", {}).get("max_length")
        return (f"{col} is longer than {MAX_KEY} characters" if limit == MAX_KEY
                else f"{col} is longer than {MAX_FIELD:,} characters ({len(text):,})")
    says = _says(model).get(col)
    what = says and (says.by_type.get(kind) or says.default)
    if not what and kind == "literal_error":
        what = f"must be one of {', '.join(_choices(model, col))}"
    return f"{col} {what or first['msg'][:1].lower() + first['msg'][1:]}: {text!r}"


@cache
def _says(model: type[BaseModel]) -> dict[str, Says]:
    out: dict[str, Says] = {}
    for name, info in model.model_fields.items():
        found = [m for m in (*info.metadata, *_nested_metadata(info.annotation)) if isinstance(m, Says)]
        if found:
            out[name] = found[0]
    return out


def _nested_metadata(annotation: Any) -> list[Any]:
    """The Annotated metadata inside `annotation` (e.g. in `Amount | None`)."""
    found: list[Any] = []
    if get_origin(annotation) is Annotated:
        found.extend(annotation.__metadata__)
    for arg in get_args(annotation):
        found.extend(_nested_metadata(arg))
    return found


def _choices(model: type[BaseModel], col: str) -> tuple[str, ...]:
    annotation = model.model_fields[col].annotation
    while get_origin(annotation) is not Literal and get_args(annotation):
        annotation = get_args(annotation)[0]
    return get_args(annotation)
