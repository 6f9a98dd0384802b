"""What ``rusmodel collect`` says about a refused workbook or answer, in Swedish and English."""

from __future__ import annotations

from collections.abc import Mapping

from rusmodel.texts import Texts

__all__ = ["WHAT", "message"]

MESSAGES: Mapping[str, tuple[str, str]] = {
    "no_meta": (
        "arbetsboken är inte gjord med `rusmodel template` (dess dolda blad {sheet!r} saknas), "
        "så raderna kan inte matchas säkert",
        "this workbook was not made by `rusmodel template` (its hidden sheet {sheet!r} is "
        "missing), so its rows cannot be matched safely",
    ),
    "not_collection": (
        "det här är ingen insamlingsbok (dess format är {fmt!r})",
        "this is not a collection workbook (its format is {fmt!r})",
    ),
    "version": (
        "arbetsboken är av version {version!r}; den här rusmodel läser version {wanted}",
        "the workbook is of version {version!r}; this rusmodel reads version {wanted}",
    ),
    "other_plan": (
        "arbetsboken är gjord från planen {made!r}, inte från {plan!r}",
        "the workbook was made from the plan {made!r}, not from {plan!r}",
    ),
    "edited": (
        "arbetsbokens dolda blad {sheet!r} har ändrats sedan arbetsboken skickades (dess "
        "kontrollsumma stämmer inte), så det går inte att lita på vilken period och verksamhet "
        "svaren gäller; använd arbetsboken som den skickades, eller skicka en ny med "
        "`rusmodel template`",
        "the workbook's hidden sheet {sheet!r} was edited after the workbook was sent (its "
        "checksum does not match), so which period and unit the answers are for cannot be "
        "trusted; use the workbook as it was sent, or send a new one with `rusmodel template`",
    ),
    "key_public": (
        "arbetsboken är signerad utan den hemliga nyckeln i {variable}, som är satt här: den "
        "gjordes av någon som inte har nyckeln, eller innan nyckeln sattes; skicka en ny med "
        "`rusmodel template` och nyckeln satt",
        "the workbook is signed without the secret key of {variable}, which is set here: "
        "someone without the key made it, or it was made before the key was set; send a new "
        "one made by `rusmodel template` with the key set",
    ),
    "key_secret": (
        "arbetsboken är signerad med en hemlig nyckel ({variable}), som inte är satt här; sätt "
        "{variable} till nyckeln arbetsböckerna gjordes med",
        "the workbook is signed with a secret key ({variable}), which is not set here; set "
        "{variable} to the key the workbooks were made with",
    ),
    "key_other": (
        "arbetsboken är signerad med en annan hemlig nyckel än den i {variable}; sätt "
        "{variable} till nyckeln arbetsböckerna gjordes med",
        "the workbook is signed with another secret key than the one in {variable}; set "
        "{variable} to the key the workbooks were made with",
    ),
    "key_unsigned": (
        "arbetsboken har ingen kontrollsumma (den gjordes av en äldre rusmodel) och {variable} "
        "är satt, så den kan inte kontrolleras; skicka en ny med `rusmodel template`",
        "the workbook has no checksum (an older rusmodel made it) and {variable} is set, so it "
        "cannot be checked; send a new one made by `rusmodel template`",
    ),
    "unsigned": (
        "arbetsboken har ingen kontrollsumma (den gjordes av en äldre rusmodel); plan, period "
        "och verksamhet är kontrollerade, men andra ändringar i dess dolda blad {sheet!r} kan "
        "inte upptäckas",
        "the workbook has no checksum (an older rusmodel made it); its plan, period and unit "
        "were checked, but other edits of its hidden sheet {sheet!r} cannot be found",
    ),
    "error_value": (
        "cellen innehåller felvärdet {error}, inte ett svar; skriv in själva värdet. "
        "Svaret används inte",
        "the cell holds the error value {error}, not an answer; type the value itself. "
        "The answer is not used",
    ),
    "error_formula": (
        "cellen visar felvärdet {error} från formeln ={formula}, inte ett svar; rätta formeln "
        "eller skriv in själva värdet. Svaret används inte",
        "the cell shows the error {error} of its formula ={formula}, not an answer; correct "
        "the formula or type the value itself. The answer is not used",
    ),
    "control": (
        "cellens text innehåller styrtecknet {code}, som inget dokument kan visa (det följer "
        "ofta med text som klistrats in från ett annat program); ta bort det. Svaret används inte",
        "the cell's text holds the control character {code}, which no document can show (it "
        "often comes with text pasted from another program); delete it. The answer is not used",
    ),
    "other_period": (
        "arbetsboken gäller perioden {made}, inte {wanted}",
        "the workbook is for the period {made}, not {wanted}",
    ),
    "unknown_period": (
        "arbetsboken gäller perioden {made!r}, som planen inte har",
        "the workbook is for the period {made!r}, which the plan does not have",
    ),
    "missing_columns": (
        "kolumnen {names} saknas i rubrikraden; behåll rubrikerna som de skickades",
        "the column {names} is missing from the header row; keep the headers as sent",
    ),
    "unknown_key": (
        "{key!r} är ingen {what} i planen",
        "{key!r} is not an {what} of the plan",
    ),
    "no_identity": (
        "raden har ett svar men varken id eller namn",
        "the row has an answer but neither an id nor a name",
    ),
    "mismatch": (
        "raden visar {shown!r} men hör till {key!r}; sorterades raderna utan den dolda "
        "nyckelkolumnen? Svaret används inte",
        "the row shows {shown!r} but belongs to {key!r}; were the rows sorted without the "
        "hidden key column? The answer is not used",
    ),
    "not_sent": (
        "{key!r} skickades inte i den här arbetsboken; den hör till en annan",
        "{key!r} was not sent in this workbook; it belongs to another",
    ),
    "bad_status": (
        "{text!r} är ingen status i planens skala ({allowed}); svaret för {key!r} används inte",
        "{text!r} is not a status of the plan's scale ({allowed}); the answer for {key!r} "
        "is not used",
    ),
    "did_you_mean": (" – menade du {label}?", " – did you mean {label}?"),
    "bad_value": (
        "{text!r} är inte ett tal; utfallet för {key!r} används inte",
        "{text!r} is not a number; the outcome for {key!r} is not used",
    ),
    "twice_in_file": (
        "{key!r} finns på flera rader ({where}) med olika svar; inget av dem används",
        "{key!r} is on several rows ({where}) with different answers; none is used",
    ),
    "repeated": (
        "det här är samma arbetsbok ({group}) som {others}; ange bara den som ska användas. "
        "Ingen av dem förs in",
        "this is the same workbook ({group}) as {others}; give only the one to use. None of "
        "them is merged",
    ),
    "merged": (
        "cellerna {span} är sammanfogade, så bara den första behåller sitt värde; dela upp dem "
        "och ge varje rad sitt eget svar. Svaret används inte",
        "the cells {span} are merged, so only the first keeps its value; unmerge them and give "
        "each row its own answer. The answer is not used",
    ),
    "formula": (
        "cellen har formeln ={formula} men inget sparat resultat, så den läses som tom; skriv "
        "in själva värdet. Svaret används inte",
        "the cell holds the formula ={formula} and no saved result, so it reads as empty; type "
        "the value itself. The answer is not used",
    ),
    "no_answer_sheet": (
        "inget av arbetsbokens blad ({sheets}) har rubrikraden för svaren; behåll bladen, "
        "rubrikerna och det dolda bladet {meta!r} som de skickades",
        "none of the workbook's sheets ({sheets}) has the header row of the answers; keep the "
        "sheets, the headers and the hidden sheet {meta!r} as they were sent",
    ),
    "no_table": (
        "inget av arbetsbokens blad ({sheets}) har rubrikraden för svaren per {what}; "
        "de svaren kan inte läsas",
        "none of the workbook's sheets ({sheets}) has the header row of the answers per "
        "{what}; those answers cannot be read",
    ),
    "closed": (
        "perioden {period} är stängd: dess omgång är avslutad och tar inte emot fler svar; "
        "ta bort `closed: true` ur planen för att samla in den igen",
        "the period {period} is closed: its round is over and takes no more answers; "
        "remove `closed: true` from the plan to collect it again",
    ),
    "conflict": (
        "{key!r} har olika svar på flera ställen ({where}); inget av svaren används",
        "{key!r} is answered differently in more than one place ({where}); none is used",
    ),
}

WHAT = {"activity": ("aktivitet", "activity"), "indicator": ("indikator", "indicator")}


message = Texts(MESSAGES)
"""The message ``name`` in Swedish, or in English when ``lang`` is ``en``, filled in:
``message(name, lang, **values)``."""
