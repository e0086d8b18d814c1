"""The reserved words of the rules language: not usable as names (docs/language.md).

Read by the parser's error messages, the highlighter and the editor's completion.
"""

KEYWORDS = (
    "regeling titel citeertitel vastgesteld door bron onderwerp grondslag geldig vanaf tot versie soort "
    "paragraaf artikel lid onderdeel alinea tekst lezing niet uitvoerbaar feit oordeel beslissing "
    "begrip tabel geboren keuze uit lijst van geheel getal bedrag per datum uitzondering op onder "
    "is als anders in alle andere gevallen overweging en of een geen er elk voldoet aan aantal met "
    "de waarde waar onwaar nog vastgesteld overwegingen "
    "subonderdeel volzin percentage duur procent afgerond centen hele euro naar boven beneden half binnen na voor "
    "ten minste hoogste wettelijke volgens heet erkend"
).split()
