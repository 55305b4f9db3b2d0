"""Read mediation events from an article's text with lexicons and patterns (no model, no network).

How an article is read (every word list is data in config/watch.toml):
1. Page chrome is dropped (mediawatch.extractors.boilerplate), the text is split into sentences
   and wire datelines are removed.
2. In each sentence, every event type's triggers are searched; a trigger inside an other-sense
   phrase ("wage talks", "exchange rate", "calls for") does not count. An article without any
   trigger left is read no further.
3. For each trigger the sentence gives: the status (an event that is only the topic of the
   sentence, "discussed a possible exchange", takes the status [status.topic] names; otherwise
   cues in the order denied, agreed, planned, proposed, completed; planned/proposed cues only
   near the trigger, and not for an event that is the setting of the sentence or named by a
   past-tense verb), the actors near it
   (gazetteer), which of them host or broker it (agents of mediation cues, agencies,
   organisations) and which are the sides, the place, the date (the nearest date expression
   that no nearer event claims, not one governed by "since" nor the date of a statement: "said
   on Monday"), and whether it is background (older than 14 days or a background cue).
4. Explicit mentions (with a status cue, date or place) of one type and status that agree on
   date and sides are merged into one event; bare mentions ("the talks", "a prisoner exchange")
   join the nearest event of their type. Five sentences about one round give one event.
5. Sides a sentence does not name ("Both delegations agreed ...") come from the article: the pair
   it names together most often ("Russian and Ukrainian"), else its most named states that host
   or broker nothing. The country of the venue is a host, not a side.
6. An offer to host or mediate is read as a mediation_offer only (not the offered meeting); a
   proposal that the other side rejects is read as the denied event only.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise

import ahocorasick
import regex

from mediawatch.extractors.boilerplate import drop_boilerplate
from mediawatch.extractors.dates import AN_ERA, DateMention, find_dates, to_date
from mediawatch.extractors.models import Event
from mediawatch.extractors.watch import (
    CLAUSE_STATUSES,
    NOT_AN_ACTOR,
    STATUS_CUE_ORDER,
    EventRule,
    Watch,
    WordFilter,
    fold,
    within_sentence,
)

CURRENT_WINDOW = dt.timedelta(days=14)
# How far (in characters) around a trigger actors, dates and places still belong to its event.
ACTOR_WINDOW_BEFORE = 150
ACTOR_WINDOW_AFTER = 110
DATE_WINDOW = 90
SHARED_DATE_WINDOW = 50
# A host or broker is named just after a mediation cue ("hosted by Türkiye", "mediation
# efforts from both Turkey and the United States") or just before it ("Türkiye's role").
BROKER_AFTER_CUE = 45
BROKER_BEFORE_CUE = 30
LOCATION_WINDOW = 60
STATUS_CLAUSE_WINDOW = 70
# How far before a trigger "another", "a further" or "the next" may stand (`_another_event`).
ANOTHER_REACH = 30
LEAD_SENTENCES = 3
LOOKBEHIND_CHARS = 80
# An event named this close after an offer's trigger is what is offered.
OFFERED_EVENT_REACH = 40
TALKS_ABOUT_REACH = 60

FORWARD_STATUSES = ("proposed", "planned")
DONE_STATUSES = ("held", "completed")
COUNTED_STATUSES = ("agreed", "completed", "planned")

_ABBREVIATION = regex.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|vs|etc|Inc|Ltd|Co)"
    r"|\b[A-Z]|\b(?:U\.S|U\.N|U\.K|E\.U))\.$"
)
# The space (group 1) after a sentence's end mark and before a capital or digit. The end mark is
# matched, not looked behind at, so that the search skips to end marks instead of testing every
# position.
_SENTENCE_BREAK = regex.compile(r"[.!?][\"”’)]?(\s+)(?=[\"“‘(]?[\p{Lu}\d])")
# "KYIV, May 16 (Reuters) - ", "DEIR AL-BALAH, Gaza Strip (AP) — ", "KYIV, March 24 - ".
_DATELINE = regex.compile(
    r"^[\p{Lu}][\p{Lu} .,/'’-]+,\s+(?:[\p{L} ]+,\s+)?"
    r"(?:(?:[\p{L}.]+\s+\d{1,2}\s+|[\p{L} ]+\s)?\([^)]{1,40}\)|(?-i:[\p{Lu}][\p{L}.]+)\s+\d{1,2})\s+[-–—]\s+"
)
_REPORTING_DATE = regex.compile(
    r"\b(?:said|says|announced|told(?: \w+)?|confirmed|reported|added|stated|wrote|tweeted|denied|denies|insisted)"
    r"\s+(?:\w+\s+){0,3}$",
    regex.IGNORECASE,
)
_BETWEEN = regex.compile(r"\bbetween\s+(?:the\s+)?(?:[\p{L}.’'-]+\s+){0,3}$", regex.IGNORECASE)
# The second verb of a subject: "Erdogan met Zelensky in Ankara and [offered] to host".
_SECOND_VERB = regex.compile(r"\band\s+(?:also\s+|again\s+)?$", regex.IGNORECASE)
# An offer written as the subject's own ("its offer to host talks").
_OWN_OFFER = regex.compile(r"(?:its|his|her)\s+(?:\p{L}+\s+)?offer\b", regex.IGNORECASE)
_PAST_TRIGGER = regex.compile(
    r"\b(?:spoke|talked|met|sat|held|exchanged|swapped|released|freed|handed|signed|returned|called|phoned|rang)\b",
    regex.IGNORECASE,
)
# A trigger that says its event was carried out: a past verb, or who came home ("390 Ukrainians
# had come home"); and what before it makes it not done ("to exchange", "would have swapped",
# "had not released").
_DONE_TRIGGER = regex.compile(
    r"(?:exchanged|swapped|released|freed|handed(?: over| back)?|returned|repatriated|traded)\b"
    r"|[^.]*\b(?:came|(?:had|have|has) come|returned|were brought|brought back) home\b",
    regex.IGNORECASE,
)
_NOT_DONE_BEFORE = regex.compile(
    r"\b(?:to|will|would|could|should|might|may|not|never|if|whether)\s+(?:\w+\s+)?$", regex.IGNORECASE
)
# Talks "with" those named next: the other side of whoever holds them.
_TALKS_WITH = regex.compile(r"\s+with\b", regex.IGNORECASE)
# Talks named by what they are on ("prisoner swap talks", "exchange negotiations").
_TALKS_ON_IT = regex.compile(r"\s+(?:talks|negotiations)\b", regex.IGNORECASE)
_STALLED = regex.compile(
    r"\b(?:stalled|collapsed|broken down|broke down|frozen|deadlocked|at a standstill|failed)\b", regex.IGNORECASE
)
# From a release's trigger to the country the released go to ("returned 25 civilians ... to [Russia]").
_HANDED_TO = regex.compile(
    r"^(?:return(?:ed|s|ing)?|hand(?:ed|s|ing)? (?:over|back)|transferr?(?:ed|s|ing)|repatriat(?:ed|es|ing))\b"
    r"(?:[^.,;]|(?<=\d)[.,](?=\d)){0,60}?\bto\s+(?:the\s+)?$",  # "handed over 1,000 bodies to"
    regex.IGNORECASE,
)
# Said after the trigger to have been carried out: "a deal to swap 1,000 prisoners each, which was
# carried out over three days".
_CARRIED_OUT_AFTER = regex.compile(
    r"[^.;]{0,60}?,\s*(?:which|that)\s+(?:was|were|has been|have been|had been)\s+"
    r"(?:(?:successfully|fully|finally)\s+)?(?:carried out|completed|implemented|fulfilled)\b",
    regex.IGNORECASE,
)
# When the released were taken: "an American teacher jailed [in 2021]", "captured in Mariupol [in 2022]".
_CAPTURED_BEFORE = regex.compile(
    r"\b(?:jailed|arrested|detained|imprisoned|convicted|sentenced|captured|seized|abducted|kidnapped|"
    r"taken (?:prisoner|captive|hostage))\s+(?:[\p{L}-]+\s+){0,2}?$",
    regex.IGNORECASE,
)
# An earlier or other event of the kind, named as such just before its mediation cue: "after a
# February deal [brokered by]", "since a previous exchange [mediated by]".
_EARLIER_EVENT_BEFORE = regex.compile(
    r"\b(?:after|since|following|like|unlike|than)\s+(?:a|an|the|its|their)\s+"
    r"(?:(?:previous|earlier|prior|similar|first|last)|(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|(?:19|20)\d\d)(?:[’\x27]s)?)\s+(?:[\p{L}-]+\s+){0,2}?"
    r"(?:deal|swap|exchange|agreement|accord|round|one)\s+$",
    regex.IGNORECASE,
)
_TAKEN_TO = regex.compile(r"\b(?:taken|deported|removed|abducted)\s+to\s+(?:the\s+)?$", regex.IGNORECASE)
# Between a trigger and its object: "a phone call with [Putin]", "spoke with Russian President [Putin]".
_OBJECT_GAP = regex.compile(r"\s*(?:with\s+|to\s+)?(?:the\s+)?(?:[\p{Lu}][\p{L}-]*\s+){0,3}$")
# Just before a trigger that names an exchange, a verb saying it was done ("carried out a swap",
# "began the largest prisoner exchange"; not "began talks on a prisoner exchange").
_CARRIED_OUT_BEFORE = regex.compile(
    r"(?:\b(?:carried out|conducted|completed|implemented)\s+(?:[\p{L}’'-]+\s+){0,3}"
    r"|\b(?:began|begun|started)\s+(?:(?!(?:preparing|planning|discussing|negotiating|talks|negotiations|work)\b)"
    r"[\p{L}’'-]+\s+){0,3})"
    r"(?:(?:stage|phase|part)\s+of\s+(?:the\s+|a\s+)?(?:[\p{L}’'-]+\s+)?)?$",
    regex.IGNORECASE,
)
# Just before a trigger that names the event, a verb saying it took place ("delegations held talks").
_TOOK_PLACE_BEFORE = regex.compile(
    r"\b(?:held|concluded|wrapped up|resumed)\s+(?:[\p{L}’'-]+\s+){0,3}$", regex.IGNORECASE
)
# Just before a trigger that names the act itself: it was not done ("have not exchanged").
_NEGATED_ACT = regex.compile(r"(?:\b(?:not|never|no longer)|n[’']t)\s+(?:yet\s+|been\s+)?$", regex.IGNORECASE)
# The act itself denied with an auxiliary ("did not exchange prisoners", "won't meet").
_AUXILIARY_NOT = regex.compile(r"\b(?:did|do|does|will|would|wo)\s*(?:not\s+|n[’']t\s+)$", regex.IGNORECASE)
# A wish to bring back an event ("hoped to revive prisoner exchanges under the deal reached in
# Istanbul"): proposed, whatever the sentence says was agreed before.
_WISHED_BACK = regex.compile(
    r"\b(?:hope[sd]?|hoping|wants?|wanted|wish(?:es|ed)?|seeks?|seeking|sought|aims?|aimed)\s+to\s+"
    r"(?:revive|resume|restart|renew|restore)\s+(?:(?:the|its|their|a|new|regular|further)\s+)*$",
    regex.IGNORECASE,
)
# The deal an event is carried out under, after its trigger ("will exchange prisoners on Friday
# under the deal agreed in Abu Dhabi"): its cues are the deal's, not the event's.
_UNDER_DEAL = regex.compile(
    r"\b(?:under|in line with|as part of)\s+(?:the|a|an|this|that|their|its)\s+(?:[\p{L}-]+\s+){0,3}?"
    r"(?:deal|agreement|accord|arrangement|framework|memorandum|terms)\b",
    regex.IGNORECASE,
)
# Just before a trigger: it was not held or not agreed ("have not held direct talks since 2018",
# "but failing to agree on a ceasefire"); for this trigger only, not for the sentence ("held
# talks on Monday; they had not held talks since 2022", "agreeing to exchange prisoners but
# failing to agree on a ceasefire").
_NOT_HELD = regex.compile(
    r"(?:(?:\b(?:not|never)|n[’']t)\s+(?:yet\s+)?(?:held|had|resumed|conducted)"
    r"|\b(?:fail(?:ed|ing|s)?|unable)\s+to\s+(?:agree|reach|secure)(?:\s+on)?"
    r"|\bwithout\s+(?:agreeing|reaching|securing)(?:\s+on)?)"
    r"\s+(?:(?:a|an|the|any|direct|new|formal|peace|full|lasting|permanent)\s+)*$",
    regex.IGNORECASE,
)
# Between a mediation cue and its agent: "hosted by", "brokered jointly by", "efforts from both",
# "mediation of the government of" (no clause break: "brokered by the Emirates, returned 246
# Ukrainians"). "from"/"of" name the agent right after the cue or after a word for the help
# given; after any other word they belong to the cue's object ("Qatar brokers return of four
# Ukrainian children").
_AGENT_MARKER = regex.compile(
    r"^\W*(?:(?:[\p{L}-]+\s+)?by|(?:(?:efforts?|help|assistance|support|role|offices|auspices|involvement)\s+)?"
    r"(?:from|of))\s+(?:[\p{L}’'-]+\s+){0,3}$",
    regex.IGNORECASE,
)
# A cue followed by who holds the role, with no "by": "mediators Egypt and Qatar", "thanked the
# UAE for its mediation".
_AGENT_NEXT = regex.compile(
    r"(?:mediators|brokers|hosts|guarantors|intermediaries|thank(?:ed|s|ing)?)$", regex.IGNORECASE
)
_MEDIATOR_TITLE = regex.compile(r"\b(?:mediators?|guarantors?|intermediar(?:y|ies))\b", regex.IGNORECASE)
_THANKS = regex.compile(r"thank", regex.IGNORECASE)
_ARTICLE_GAP = regex.compile(r"^\s*(?:the\s+)?$", regex.IGNORECASE)
_PASSIVE_CUE = regex.compile(r"^\s+by\b", regex.IGNORECASE)
# A trailing reporting clause (", the Turkish foreign ministry said"): who tells of the event,
# not who took part in it.
_ATTRIBUTION = regex.compile(
    r",[\"”’']?\s+(?:according to\b|(?:(?:the|a|an)\s+)?(?:[\p{L}’'.-]+\s+){0,4}?"
    r"(?:said|says|told reporters|added|reported|announced|confirmed)\b)"
)
# Who is told: the actor right after "told", titles and first names between ("told French
# President Emmanuel Macron"; not "told reporters that Russia ...").
_TOLD_BEFORE = regex.compile(r"\b(?i:told|tells|telling|assured|informed)\s+(?:[\p{Lu}][\p{L}.’'-]*\s+){0,3}$")
# A running total: a perfect tense and, after the trigger, the span it covers.
# ("have exchanged", "has mediated the return of", "have been returned"; not "their first swap
# since 2023").
_PERFECT_BEFORE = regex.compile(
    r"\b(?:have|has)\s+(?:now\s+|so far\s+|already\s+)?(?:\p{L}+ed\s+(?:the\s+)?)?$", regex.IGNORECASE
)
_PERFECT = regex.compile(r"\b(?:have|has) been\b", regex.IGNORECASE)
_RUNNING_TOTAL_AFTER = regex.compile(
    r"^(?:(?!\b(?:first|largest|biggest|latest|only)\b)[^.;]){0,80}?\b(?:since (?:the (?:start|beginning|outbreak) of"
    r"|the (?:full-scale )?invasion|(?:19|20)\d\d)|in total|in all|so far|to date|over the course of the war"
    r"|(?:several|many|multiple|a number of|a few|two|three|four|five) times|repeatedly|on several occasions)\b",
    regex.IGNORECASE,
)
_HAS_DIGIT = regex.compile(r"\d")
_ROUND = regex.compile(r"\b(?:round|session|meeting)s?\b", regex.IGNORECASE)
# Talks said to have taken place, in their own clause: "talks ... on a prisoner exchange [took place]".
_HELD_AFTER_TALKS = regex.compile(
    r"(?:(?!\b(?:which|that|who)\b)[^.;,]){0,80}?\b(?:took place|(?:were|was) held|got under way|opened|began|"
    r"resumed|ended|concluded|wrapped up)\b",
    regex.IGNORECASE,
)
# Talks with a place of their own ("after talks in Istanbul"): a round, not the negotiations
# behind a swap; and that place is the event's.
_PLACE_AFTER = regex.compile(r"^\s+(?:in|at)\s+(?:the\s+)?[\p{Lu}]")
# An event told as one more of its type ("agreed to another exchange", "the next round"), and
# where its clause may begin.
_ANOTHER = regex.compile(r"\b(?:another|a further|further|a new|a fresh|next)\s", regex.IGNORECASE)
_CLAUSE_JOINER = regex.compile(r"(?:,|;|\band\b|\bbut\b|\bwhile\b)\s", regex.IGNORECASE)
# A clause that reports an event of its own, between two triggers: "and agreed to", "and then held",
# ", agreeing to".
_NEW_CLAUSE = regex.compile(
    r"\band\s+(?:(?:also|then|later)\s+)?(?:\p{L}+ed|held|met|began|spoke)\b|,\s+(?:agreeing|deciding)\b",
    regex.IGNORECASE,
)
# What a reference to an event is the object of when it is only talked about.
_DISCUSSED_BEFORE = regex.compile(
    r"\b(?:discuss(?:ed|es|ing)?|(?:talk(?:ed|s|ing)?|spoke|speak(?:s|ing)?) about|views on"
    r"|briefed\s+(?:[\p{L}-]+\s+){0,3}?on)\s+the\s+(?:[\p{L}-]+\s+)?$",
    regex.IGNORECASE,
)
# A reference that names a stage of an event named before ("completing the exchange").
_STAGE_OF_BEFORE = regex.compile(
    r"\b(?:completing|concluding|finishing|(?:final|last|next|second|third) (?:stage|phase|part) of)\s+the\s+$",
    regex.IGNORECASE,
)
# Talks two leaders hold with no one else: "Erdogan held talks with Zelensky" (`_leaders_talking`).
_VISIT = regex.compile(r"visit", regex.IGNORECASE)
_VISITED_GAP = regex.compile(r"^\s+(?:to\s+)?(?:the\s+)?$", regex.IGNORECASE)
_PLAIN_TALKS = regex.compile(r"^(?:talks|negotiations)$", regex.IGNORECASE)
_CLAUSE_END = regex.compile(r"[,;:]\s")
_HELD_BEFORE = regex.compile(
    r"\b(?:held|hold|holds|holding|had|has|have|for|during)\s+(?:[\p{L}-]+\s+)?$", regex.IGNORECASE
)
_LIST_JOINER = regex.compile(r"^\s*(?:,|and|,\s*and|&)?\s*(?:both\s+)?(?:the\s+)?$", regex.IGNORECASE)
_ON_PEOPLE = regex.compile(r"\b(?:who|whom|whose)\b[^,;]*", regex.IGNORECASE)
_RELATIVE_CLAUSE = regex.compile(r"\b(?:that|which|who|when|where)\b", regex.IGNORECASE)
_COMMA_JOINER = regex.compile(r"^\s*,\s*(?:the\s+)?$")
# What an event is about, just before a state's name ("a peace plan for Ukraine", "the war in").
_TOPIC_OF = regex.compile(
    r"\b(?:war|peace|plan|settlement|conflict|future|fate|crisis|situation|reconstruction)\s+(?:in|for|of|over)\s+"
    r"(?:the\s+)?$",
    regex.IGNORECASE,
)
_SEPARATE = regex.compile(r"\bseparate(?:ly)?\b", regex.IGNORECASE)
# A clause of what happened some time apart from the event told before it ("days after", "ahead of").
_TIME_CLAUSE = regex.compile(
    r"\b(?:(?:hours|days|weeks|months|a day|a week|a month|shortly|soon|just)\s+(?:after|before)|ahead of)\b",
    regex.IGNORECASE,
)
# A later clause of another event and the place it names: "..., days before the ministers are due
# to meet in [Washington]", "before sending a delegation to [Qatar]" (`_in_later_clause_of_another_event`).
_SUBORDINATE = regex.compile(r"\b(?:before|after|ahead of|until|when|while)\b", regex.IGNORECASE)
_MEETING_IN = regex.compile(
    r"\b(?:(?:meet|meets|met|meeting|talks|summit|visit|visits|visited|gather)\s+(?:[\p{L}-]+\s+){0,2}?(?:in|at)"
    r"|(?:delegations?|negotiators|envoys?)\s+to)\s+(?:the\s+)?$",
    regex.IGNORECASE,
)
# An event named as "a ..." (`_only_named`), and a subject opening the sentence (`_status`).
_ARTICLE = regex.compile(r"(?:a|an)\s+", regex.IGNORECASE)
_INDEFINITE_SUBJECT = regex.compile(r"(?:A|An)\s+(?:[\p{L}-]+\s+){0,2}$")
_SENTENCE_SUBJECT = regex.compile(r"(?:(?:A|An|The|Another|New|Fresh|Further)\s+)?(?:[\p{L}-]+\s+){0,2}$")
_NOUN_TRIGGER = regex.compile(
    r"(?:(?:prisoner|POW|detainee|hostage|body|bodies|peace|direct|phone|video|telephone)\s+)?"
    r"(?:exchange|swap|talks|negotiations|meeting|call|conversation|summit)\b|(?:[\p{L}-]+\s+)?round\b",
    regex.IGNORECASE,
)
# "a new prisoner exchange": the article and the noun's modifiers (no clause between them: "A
# spokesman said that talks ...").
_INDEFINITE_BEFORE = regex.compile(
    r"\b(?:a|an)\s+(?:(?!(?:that|which|who|whether|said|says|told|reported|noted|argued|estimated|confirmed|warned|"
    r"denied|added|and|or)\b)[\p{L}-]+\s+){0,3}$",
    regex.IGNORECASE,
)
# What says the event named as "a ..." exists: a verb of holding or welcoming it, or a preposition
# of what happened in, after or under it.
_DONE_CONTEXT = regex.compile(
    r"\b(?:welcom\w*|hail\w*|celebrat\w*|prais\w*|carried out|conduct\w*|complet\w*|held|hold\w*|had|has|have|"
    r"having|made|makes|staged|implement\w*|conclud\w*|took part in|mediat\w*|broker\w*|facilitat\w*|began|begun|"
    r"start\w*|open\w*|launch\w*|end\w*|finish\w*|wrap\w* up|attend\w*|join\w*|"
    r"organi[sz]\w*|secur\w*|in|under|after|following|during|through|via|as part of|since|from|with|at|by|"
    r"amid|before|ahead of|despite|of|(?<!\b(?:lobby\w*|press\w*|push\w*|call\w*|ask\w*|hop\w*|wait\w*|appeal\w*|"
    r"campaign\w*|plead\w*|argu\w*|prepar\w*|ready|need\w*|want\w*)\s)for)\s+(?:[\p{L}-]+\s+){0,2}?(?:a|an)\s+(?:[\p{L}-]+\s+){0,3}$",
    regex.IGNORECASE,
)
_YES_NO_QUESTION = regex.compile(
    r"[\"“‘']?(?:Will|Would|Could|Can|Is|Are|Was|Were|Should|Shall|Do|Does|Did|Has|Have|Had)\b[^.!]*\?[\"”’']?\s*$"
)
# An event told after its trigger to go on: "the exchange, which includes civilians, would continue".
_CONTINUES = regex.compile(
    r"(?:\s*,[^,]{0,60},)?\s+(?:would|will|should|(?:is|are|was|were)(?: due| expected| set| likely)? to)\s+(?:\w+\s+)?"
    r"(?:continue|resume|go on|be completed|conclude|end)\b",
    regex.IGNORECASE,
)
_TAKES_PART = regex.compile(
    r"\b(?:(?:take|takes|took|taking|taken) part in|join(?:s|ed|ing)?|attend(?:s|ed|ing)?|sit(?:s|ting)? in on"
    r"|sat in on)\s+(?:the|these|those)\s+(?:[\p{L}-]+\s+)?(?:talks|negotiations|meeting|round)\b",
    regex.IGNORECASE,
)
_TALKS_ON_THE = regex.compile(
    r"\b(?:talks|negotiations)\b[^.,;]{0,40}?\b(?:on|about|over)\s+the\s+(?:[\p{L}-]+\s+){0,5}$", regex.IGNORECASE
)
_HANDED_TO_ORGANISATION = regex.compile(
    r"\b(?:hand(?:ed|ing|s)?(?: over)?|transferr?(?:ed|ing)|delivered|released)\b[^.,;]{0,30}?\bto\s+(?:the\s+)?$",
    regex.IGNORECASE,
)
_SEPARATELY = regex.compile(r"(?:Separately|In a separate (?:development|move|statement)|Elsewhere)\b")
# Two states written as the subject of "meet" (`_states_meeting`), not teams of theirs.
_MEET = regex.compile(r"(?:met|meet|meets)$", regex.IGNORECASE)
_SPORT = regex.compile(
    r"\b(?:match|matches|semi-finals?|quarter-finals?|finals?|World Cup|Euro \d{4}|Olympics?|tournament|league|"
    r"championship|group stage|kick-off|stadium|fixture|play-offs?|qualifier)\b",
    regex.IGNORECASE,
)
_MET_WHERE_OR_WHEN = regex.compile(
    r"\s*(?:(?:again|face-to-face|in person|briefly|twice|directly|indirectly|secretly|privately|for the \w+ time)\s+)?"
    r"(?:(?:in|at|on|for|near|outside|behind|"
    r"last|next|this|later|earlier)\b|[,.;]|$)",
    regex.IGNORECASE,
)
_SUBJECT_OF_MEET = regex.compile(
    r"^\s+(?:(?:will|would|are|were|have|had|also|then|again|set|due|expected|scheduled|going|to)\s+)*$",
    regex.IGNORECASE,
)
# "He also spoke with Zelensky": the previous sentence's first leader; "with Putin on Tuesday and
# with Zelensky on Friday": two calls (`_held_separately`).
_PRONOUN_SUBJECT = regex.compile(r"^(?:He|She)\b")
# Two leaders who "met separately with" a third met that one, not each other (`_met_apart`).
_SEPARATELY_WITH = regex.compile(r"\s+separately\b(?P<with>\s+with\b)?", regex.IGNORECASE)
_AND_WITH = regex.compile(r"\band\s+(?:then\s+|later\s+|also\s+)?with\b", regex.IGNORECASE)
_DUAL_NATIONAL = regex.compile(r"-(?=\p{Lu})")
_PERSON_AFTER = regex.compile(
    r"\s+(?:hostage|citizen|national|journalist|businessman|businesswoman|man|woman|soldier|prisoner|detainee|"
    r"dual national|activist|reporter)s?\b",
    regex.IGNORECASE,
)
_PAIR_JOINER = regex.compile(r"^\s*(?:and|–|-|—|/)\s*(?:the\s+)?$", regex.IGNORECASE)
_PLACE_PREPOSITION = regex.compile(r"\b(?:to|in|at|near|into|via|outside|borders? with)\s+$", regex.IGNORECASE)
# A head of state or government, or a foreign minister, named by the country after the title.
_TITLE_OF = regex.compile(
    r"\b(?:presidents?|prime ministers?|premiers?|foreign ministers?|leaders?|heads? of (?:state|government))"
    r"\s+of\s+(?:the\s+)?$",
    regex.IGNORECASE,
)
_POSSESSIVE = regex.compile(r"^[’']s\s+")
# A country word before "border" names where, not who ("at the Belarusian border", "on the
# Belarusian-Ukrainian border"), unless its guards or troops are meant.
_BORDER_AFTER = regex.compile(
    r"^(?:[-–][\p{L}]+)?\s*(?:border|frontier)\b(?!\s+(?:guards?|service|troops|forces|police))", regex.IGNORECASE
)
# The other side named, and no state: a rebel group, a militia ("between Kinshasa and the M23
# rebel group", "with the Rapid Support Forces").
_NON_STATE_SIDE = regex.compile(
    r"\b(?:between|with)\b[^.;]{0,60}?\b(?:rebels?|rebel (?:group|movement|alliance)|militias?|insurgents?"
    r"|paramilitar(?:y|ies)|separatists?|(?-i:(?:[\p{Lu}][\p{L}’'-]+\s+){1,4}(?:Forces|Front|Movement)))\b",
    regex.IGNORECASE,
)
# Two days of one sentence joined as two times of its event: "on May 16 and again on June 2".
_TWO_DAYS_JOINED = regex.compile(r",?\s+and\s+(?:(?:then|later)\s+)?(?P<again>again\s+|once more\s+)?(?:on\s+)?")
# Two days this far apart, joined by "and", are two events ("met on May 16 and June 2").
DAYS_APART_FOR_TWO_EVENTS = 7
# What the sentence's event is carried out under: "... on Friday under an agreement reached at
# talks in Istanbul", "... on Saturday as part of the ceasefire deal".
_FRAMEWORK_BEFORE = regex.compile(
    r"\b(?:under|as part of|in line with|in accordance with|pursuant to)\s[^,;:]{0,70}$", regex.IGNORECASE
)
_AHEAD_OF = regex.compile(r"\b(?:ahead of|in preparation for|before)\b", regex.IGNORECASE)
# A past verb governing the date that follows ("agreed on Monday to begin talks", "flew to
# Istanbul on Thursday for talks").
_PAST_VERB_BEFORE = regex.compile(
    r"\b(?:\w+ed|flew|went|came|left|met|spoke|held)\s+(?:(?:to|in|from|for|at)\s+(?:[\p{Lu}][\p{L}’'-]*\s+){1,3})?$"
)
# A place in a "since" phrase ("the first swap since talks in Istanbul"), not one after the year
# that ends it ("their first talks since 2022 in Istanbul", "the first talks since 2022 began in
# Istanbul"), nor one after an era (`AN_ERA`: "the biggest swap since the Cold War in Ankara").
_SINCE_CLAUSE = regex.compile(
    r"\bsince\b(?!\s+(?:19|20)\d\d\s+(?:(?:began|begin|opened|open|started|start|resumed|resume|were|are|was|is)\s+)?"
    rf"(?:in|at)\s+(?:the\s+)?$)(?!{AN_ERA})[^,.;:]{{0,50}}$",
    regex.IGNORECASE,
)
_WITH_BOTH = regex.compile(r"\bwith both\b", regex.IGNORECASE)
# Where someone travels for the event ("flew to Istanbul for talks", "will travel to Doha on
# Monday to resume talks"): its place when no place in/at is named, and the event is what they
# travel for, not what they leave ("flew to Washington after talks in Istanbul").
_TRAVEL_TO = regex.compile(
    r"\b(?:travel(?:l?ed|l?ing|s)?|flew|fly|flies|flying|head(?:ed|ing|s)?|went|go(?:es|ing)?)\s+to\s+$",
    regex.IGNORECASE,
)
_LEFT_AFTER = regex.compile(r"\b(?:after|following|since)\b", regex.IGNORECASE)
_LOCATION_PREPOSITION = regex.compile(
    r"\b(?:in|at|near|outside|hosted by|visited|visit to|(?:planned|scheduled|set|slated|due) for"
    r"|(?:delegations?|negotiators|negotiating teams?|envoys?) to)"
    r"\s+(?:the\s+)?"
    r"(?:(?:[\p{Lu}][\p{L}'’]*\s+){0,3}|(?:[\p{L}-]+\s+){0,3}(?:city|town|resort|port|village|capital|region) of\s+)$"
)
_HOSTED_BY = regex.compile(r"\bhosted by\s+(?:the\s+)?$")
# How far after its trigger a host is written: "talks hosted by the United Arab Emirates", "the
# second round would also be hosted by Belarus".
HOST_REACH = 40
# The event at which something was agreed ("a series agreed at [talks] in Istanbul").
_AGREED_AT = regex.compile(
    r"\b(?:agreed|reached|struck|negotiated) (?:(?:in principle|earlier|previously|already) )?"
    r"(?:at|during) (?:[\p{L}-]+\s+){0,3}$",
    regex.IGNORECASE,
)
# A place that hosts, written as the subject: "Istanbul [will host] the next round".
_HOSTS_AFTER = regex.compile(
    r"\s+(?:will|would|is to|is set to|is due to|is ready to)?\s*host(?:s|ed)?\b", regex.IGNORECASE
)
# Where an event carried out elsewhere was agreed ("the exchange agreed in Istanbul").
_WHERE_AGREED = regex.compile(
    r"\b(?:agreed|struck|reached|sealed|signed|brokered|negotiated|arranged)\s+"
    r"(?:(?:at|during)\s+[^.,;]{0,40}?\s+)?(?:in|at)\s+(?:the\s+)?$",
    regex.IGNORECASE,
)
# "officials in Ankara said": where the speakers are, not where the event was.
_WHERE_SPEAKERS_ARE = regex.compile(
    r"(?<!\b(?:with|between|met|meet|meets|meeting)\s+(?:[\p{L}.’'-]+\s+){0,4})"  # not who the talks are with
    r"\b(?:diplomats?|officials?|sources?|analysts?|observers?|residents?|journalists?|reporters?|experts?"
    r"|commentators?|ministry|ministries|authorities|government|spokesm[ae]n|spokeswom[ae]n|spokespeople)\s+in\s+$",
    regex.IGNORECASE,
)
# "are now in Turkey, where they will stay", "the freed servicemen were in Belarus": where the
# people are, not where the event was.
_WHERE_PEOPLE_STAY = regex.compile(
    r"\b(?:(?:are|is|were|was) now|remains?|remained|remaining|(?:will|would) (?:remain|stay)|stay(?:s|ed|ing)?"
    r"|(?:servicemen|soldiers|prisoners|POWs|captives|detainees|civilians|men|women|people|and)"
    r" (?:are|were)(?: still| now)?)"
    r"\s+in\s+$",
    regex.IGNORECASE,
)
_REGION = regex.compile(r"^(?:'s)?\s+(?:region|oblast|province)\b", regex.IGNORECASE)
_PEOPLE_NUMBER = regex.compile(
    r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[\p{L}-]+\s+){0,3}?"
    r"(?:prisoners|POWs|soldiers|troops|servicemen|servicewomen|personnel|defenders|civilians|people|detainees|"
    r"captives|fighters|women|men|children|sailors|citizens|hostages|bodies|members|nationals|foreigners|ones|"
    r"(?-i:[\p{Lu}][\p{L}]+(?:ans|ians|is|ese|ish|ons)))\b",  # and demonyms: "Ukrainians", "Israelis"
    regex.IGNORECASE,
)
_EACH = regex.compile(
    r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[\p{L}-]+\s+){0,4}?(?:each|apiece)\b", regex.IGNORECASE
)
# "270 servicemen and 120 civilians each": 390 each
_SUM_EACH = regex.compile(
    r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[\p{L}-]+\s+){1,3}?and\s+"
    r"(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[\p{L}-]+\s+){0,3}?each\b",
    regex.IGNORECASE,
)
_EACH_RELEASED = regex.compile(
    r"\beach (?:side |country )?"
    r"(?:releas(?:ed|ing)|free(?:d|ing)|hand(?:ed|ing) over|return(?:ed|ing)|swap(?:ped|ping))"
    r" (?:the (?:bodies|remains) of )?(\d{1,3}(?:,\d{3})+|\d+)\b",
    regex.IGNORECASE,
)
# "1,000 for 1,000", "103 prisoners for 103"
_N_FOR_N = regex.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)(?:\s+(?:[\p{L}-]+\s+){0,3}?|-)for(?:\s+|-)\1\b")
# "95 Ukrainian and 95 Russian prisoners": as many of each side's people
_N_AND_N = regex.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)\s+\p{Lu}\p{L}+\s+and\s+\1\s+\p{Lu}\p{L}+\b")
_SAME_NUMBER = regex.compile(r"\b(?:the same number|an equal number|as many)\b", regex.IGNORECASE)
# "an American citizen ... in exchange for a Russian national"
_ONE_PERSON = (
    r"\ban? (?:[\p{L}.-]+\s+)?(?:citizen|national|prisoner|journalist|reporter|businessman|businesswoman|soldier|"
    r"pilot|spy|teacher|student|engineer|researcher|scientist|academic|dancer|musician|athlete|blogger|activist|"
    r"hacker|cybercriminal|smuggler|arms dealer|veteran|Marine|contractor|diplomat)\b"
)
_ONE_EACH = regex.compile(
    r"\b(?:each side (?:released|freed|handed over) one\b|one-for-one\b)"
    + within_sentence(rf"|{_ONE_PERSON}[^.]{{0,60}}?\bin exchange for {_ONE_PERSON}"),
    regex.IGNORECASE,
)
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# Two to ninety-nine written out ("Forty-five Ukrainian soldiers", "twenty one").
NUMBER_WORDS = (
    {word: value for value, word in enumerate(_UNITS) if value >= 2}
    | _TENS
    | {f"{tens}{joint}{unit}": value + number for tens, value in _TENS.items()
       for number, unit in enumerate(_UNITS[1:10], start=1) for joint in ("-", " ")}
)
_SCALES = {"hundred": 100, "thousand": 1000}
# "the two men were exchanged" names the pair, not a number per side. Longest first, so that
# "forty-five" is not read as "forty"; whole hundreds and thousands too ("two hundred prisoners
# each", "a thousand soldiers").
_NUMBER_WORD = regex.compile(
    r"(?<!\bthe )\b(?:(?P<number>" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"|(?:one|a)(?=\s+(?:hundred|thousand)\b))(?:\s+(?P<scale>hundred|thousand))?\b",
    regex.IGNORECASE,
)


def _number_word_value(match: regex.Match[str]) -> str:
    number = NUMBER_WORDS[match.group("number").lower()] if match.group("number") else 1
    return str(number * _SCALES[match.group("scale").lower()] if match.group("scale") else number)


_PERSON = r"\b[\p{Lu}][\p{Ll}]+\s+[\p{Lu}][\p{Ll}]+\b"
# One named person for another ("Daniel Brooks ... in exchange for Arkady Lebedev", "Konstantin
# Yaroshenko and former US Marine Trevor Reed", actors masked), not any two capitalised pairs
# ("freed Evan Gershkovich ... since the Cold War").
_PERSON_FOR_PERSON = regex.compile(
    within_sentence(rf"{_PERSON}(?:[^.]{{0,60}}?\bfor|\s+and)\s+(?:[\p{{L}}.\x00-]+\s+){{0,4}}?{_PERSON}")
)
# Capitalised words just before a masked actor mention: the rest of its name ("Recep Tayyip").
_NAME_BEFORE_MASK = regex.compile(r"(?:\b[\p{Lu}][\p{Ll}]+\s+)+(?=\x00)")
_ORDINAL = regex.compile(r"(?:first|second|third|fourth|fifth|next|new|further|previous|last)\b", regex.IGNORECASE)
_GENERIC_PLURAL = regex.compile(r"^(?:[\p{L}]+\s)?(?:exchanges|swaps)$", regex.IGNORECASE)


@dataclass(frozen=True)
class ActorMention:
    code: str
    role: str
    """ "alias", "leader", "agency" or "place"."""
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """One event as read from one sentence."""

    type: str
    status: str
    sentence_index: int
    evidence: str
    sides: set[str]
    mediators: set[str]
    location: str | None
    date: dt.date | None
    background: bool
    count_text: str
    explicit: bool
    """False for a bare mention ("the talks", "a prisoner exchange"): no status cue, date or
    place of its own; it joins the article's nearest event of that type."""
    named_sides: bool
    """The sentence itself names at least one side."""
    reference: bool
    """Its trigger refers to an event named before ("the talks", "these negotiations"), whose
    sides the sentence does not name as a pair after it ("the exchange between Russia and Ukraine")."""
    cued: bool
    """A status cue was found (even if the mention is a bare reference)."""
    spans: list[tuple[int, int]]
    """Where the triggers are in the sentence."""
    agent: str | None
    """The state named last before the trigger: who proposes, offers or reports it."""
    topic: bool = False
    """Only the topic of another event of the sentence ("talks on a peace treaty"), whose date,
    place and background judgement are that event's."""
    modal: bool = False
    """A modal verb or a judgement follows the trigger (`Watch.modal_after`): "talks with Ukraine
    would only make sense if ..." names no event unless a cue, date or place does."""
    part_start: int = 0
    """Where its part of the sentence begins: after an event of its type told before it
    (`_events_of_type`), whose dates and places are not its own."""
    part_end: int | None = None
    """Where its part ends, when another event of its type is told after it with the same trigger
    ("spoke with Putin last week and with Zelensky on Monday", `_held_separately`)."""


@dataclass
class Reading:
    """An event being assembled from one or more mentions."""

    type: str
    status: str
    sides: set[str] = field(default_factory=set)
    mediators: set[str] = field(default_factory=set)
    locations: list[str] = field(default_factory=list)
    date: dt.date | None = None
    background: bool = False
    evidence: list[str] = field(default_factory=list)
    count_texts: list[str] = field(default_factory=list)
    first_sentence: int = 0
    beside_brokered: bool = False
    """A sentence of it reports another event with hosts or brokers of its own: those are that
    event's ("met in Istanbul for talks mediated by Türkiye and agreed to exchange prisoners")."""


def tag_events(text: str, published: dt.date | dt.datetime | None, watch: Watch) -> list[Event]:
    """Every mediation event the article reports, current or not, one per real event."""
    published_day = to_date(published)
    sentences = split_sentences(drop_boilerplate(text, watch))
    # Each sentence's actors and brokers are found once and shared by the article context and
    # the reading of its mentions. Actors are found before triggers: it costs a third as much.
    actors = find_actors(sentences, watch)
    if all(actor.role == "place" for found in actors for actor in found):
        return []  # no state, leader or organisation acts anywhere in it: no event has a party
    folded = _FoldedSentences(sentences, watch.filter_words)
    triggered: set[int] = set()
    spans = _trigger_spans_by_sentence(sentences, folded, watch, triggered)
    if not any(spans):
        return []  # no trigger in its event sense: nothing to read
    cued = folded.admitted(watch.mediation_cue_words)
    brokers = [
        _brokers(sentence, found, [], watch) if found and index in cued else _agencies(found)
        for index, (sentence, found) in enumerate(zip(sentences, actors, strict=True))
    ]
    article = _ArticleContext.read(sentences, watch, actors, brokers, folded)
    mentions = _read_mentions(sentences, spans, published_day, watch, article, actors, brokers)
    # A type the article also uses in another sense may still take the article's sides when
    # some sentence names both sides of such an event.
    article.other_sense_types -= {mention.type for mention in mentions if len(mention.sides) >= 2}
    readings = _with_rounds_folded(_without_rejected_proposals(_merge(mentions, watch)))
    for reading in readings:
        _retype_hosted_meeting(reading, article, watch)
    readings = _with_schedules_folded(readings)
    _note_brokers(article, readings, mentions)
    if published_day:
        _date_from_lead(readings, sentences, published_day, watch, triggered)
        _date_offers_from_meetings(readings, watch)
    return [event for reading in readings if (event := _finish(reading, article, published_day, watch))]


def _note_brokers(article: _ArticleContext, readings: list[Reading], mentions: list[Mention]) -> None:
    """What `_settle_sides` needs to know of the brokers of the article's other events before
    giving an event the article's brokers: who only offers, who brokered only the past (in a
    past event, or in a past mention that makes none: "The last such exchange, in June, was
    facilitated by the United States"), and which sentences already have an event with brokers
    of its own."""
    article.offerers = {code for reading in readings if reading.type == "mediation_offer" for code in reading.mediators}
    current = {code for reading in readings if not reading.background for code in reading.mediators}
    past = [*readings, *mentions]
    article.past_brokers = {code for event in past if event.background for code in event.mediators} - current
    article.talks_held = any(r.type == "talks" and r.status == "held" and not r.background for r in readings)
    for kind in {reading.type for reading in readings}:
        own = {code for reading in readings if reading.type == kind for code in reading.mediators}
        # (an offerer is left to `article.offerers`: a proposal takes it; and one named by its
        # standing role, "mediators Egypt and Qatar", mediates all)
        article.others_brokers[kind] = {
            code for reading in readings
            if reading.type not in (kind, "mediation_offer") and not reading.background for code in reading.mediators
        } - own - article.standing_mediators
    for reading in readings:
        reading.beside_brokered = any(
            other is not reading and other.mediators and set(other.evidence) & set(reading.evidence)
            for other in readings
        )


def _trigger_spans_by_sentence(
    sentences: list[str], folded: _FoldedSentences, watch: Watch, triggered: set[int]
) -> list[dict[str, list[tuple[int, int]]]]:
    """For each sentence, where each type's triggers are (`_trigger_spans`; a type without any
    is left out), each type's pattern tried only in the sentences that hold its trigger words.
    The index of each sentence where some type's trigger matches, other senses included, is
    added to `triggered`."""
    spans: list[dict[str, list[tuple[int, int]]]] = [{} for _ in sentences]
    for rule in watch.events.values():
        other_senses: set[int] | None = None  # the sentences where `rule.negative` may match
        for index in folded.admitted(rule.trigger_words):
            matches = list(rule.triggers.finditer(sentences[index]))
            if not matches:
                continue
            triggered.add(index)
            if other_senses is None:
                other_senses = folded.admitted(rule.negative_words) if rule.negative else set()
            found = _trigger_spans(sentences[index], rule, matches, index in other_senses)
            if found:
                spans[index][rule.type] = found
    return spans


def _read_mentions(
    sentences: list[str],
    spans: list[dict[str, list[tuple[int, int]]]],
    published: dt.date | None,
    watch: Watch,
    article: _ArticleContext,
    actors: list[list[ActorMention]],
    brokers: list[set[str]],
) -> list[Mention]:
    """Every sentence's mentions (`spans`: `_trigger_spans_by_sentence`); a sentence opening
    with an anaphora ("Those meetings ...") shares the background judgement of the previous
    sentence's events. `actors` and `brokers` are each sentence's `find_actors` and `_brokers`.
    A call with one named leader takes the other from the previous sentence's leaders, or only
    from its first one when a pronoun opens the sentence ("He also spoke with Zelensky")."""
    mentions: list[Mention] = []
    previous_background = False
    for index, (sentence, found_spans) in enumerate(zip(sentences, spans, strict=True)):
        if not found_spans:
            continue
        previous = [a.code for a in actors[index - 1] if _is_state_leader(a, watch)] if index else []
        previous_leaders = set(previous[:1] if _PRONOUN_SUBJECT.match(sentence) else previous)
        found = _read_sentence(
            index, sentence, found_spans, published, watch, article, previous_leaders, actors[index], brokers[index]
        )
        if found and previous_background and watch.background_anaphora.search(sentence):
            for mention in found:
                mention.background = mention.background or mention.date is None
        if found:
            previous_background = all(mention.background for mention in found)
        mentions.extend(found)
    return mentions


def split_sentences(text: str) -> list[str]:
    """Sentences of each line (lines are paragraphs after extraction), datelines removed."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = _DATELINE.sub("", line.strip())
        if not line:
            continue
        pieces = _split_at_breaks(line)
        current = ""
        for piece in pieces:
            current = f"{current} {piece}" if current else piece
            if not _ends_with_abbreviation(current):
                sentences.append(current)
                current = ""
        if current:
            sentences.append(current)
    return sentences


def _ends_with_abbreviation(piece: str) -> bool:
    """Whether the piece ends with "Mr.", "Sept.", "U.S." or an initial (`_ABBREVIATION`). Each is
    at most four letters after a word boundary, so a piece whose five characters before its end
    mark are letters ends with none: that test is a tenth of the search, and most pieces pass it."""
    if len(piece) > 5 and piece[-6:-1].isalpha():
        return False
    return _ABBREVIATION.search(piece) is not None


def _split_at_breaks(line: str) -> list[str]:
    """The line cut at each `_SENTENCE_BREAK`, the space dropped and the end mark kept."""
    pieces, start = [], 0
    for match in _SENTENCE_BREAK.finditer(line):
        pieces.append(line[start : match.start(1)])
        start = match.end(1)
    pieces.append(line[start:])
    return pieces


def _last_match(pattern: regex.Pattern[str], text: str, start: int, end: int) -> regex.Match[str] | None:
    """The last match of `pattern` in text[start:end], or None."""
    matches = list(pattern.finditer(text, start, end))
    return matches[-1] if matches else None


def _before(text: str, end: int) -> str:
    """The stretch of `text` just before `end` that patterns anchored at its end look at
    (searching the whole prefix would make long sentences slow)."""
    return text[max(0, end - LOOKBEHIND_CHARS) : end]


class _FoldedSentences:
    """The article's sentences folded (`fold`), where every word of the watch's `WordFilter`s is
    found in one automaton pass a sentence instead of each looked for in each sentence."""

    def __init__(self, sentences: list[str], filter_words: ahocorasick.Automaton) -> None:
        self.count = len(sentences)
        with_word: defaultdict[str, set[int]] = defaultdict(set)
        for index, sentence in enumerate(fold("\n".join(sentences)).split("\n")):
            for _, word in filter_words.iter(sentence):
                with_word[word].add(index)
        self.with_word = dict(with_word)
        self.words = frozenset(with_word)

    def admitted(self, words: WordFilter | None) -> set[int]:
        """The indices of the sentences where the filtered pattern may match (all without a
        filter): those with a word of each clause of some conjunction."""
        if words is None:
            return set(range(self.count))
        admitted: set[int] = set()
        for conjunction in words.clause_sets:
            present = [clause & self.words for clause in conjunction]
            if not all(present):
                continue  # some clause has no word anywhere in the article
            found = self._with_any(present[0])
            for clause in present[1:]:
                if not found:
                    break
                found &= self._with_any(clause)
            admitted |= found
        return admitted

    def _with_any(self, words: frozenset[str]) -> set[int]:
        return set().union(*(self.with_word[word] for word in words))


def find_actors(sentences: list[str], watch: Watch) -> list[list[ActorMention]]:
    """Each sentence's gazetteer matches. A capital or country name after "to/in/at" is a place
    ("flown to Riyadh", "the war in Ukraine"), not the state acting; a country word before a
    title is a leader ("Turkish President"). The pattern runs once over the sentences joined by
    newlines: it is bounded by word boundaries, for which a newline is a non-word character like
    the edge of a sentence, and no form holds a newline."""
    starts = [0]
    for sentence in sentences[:-1]:
        starts.append(starts[-1] + len(sentence) + 1)
    found: list[list[ActorMention]] = [[] for _ in sentences]
    for match in _actor_matches("\n".join(sentences), watch):
        if watch.surface_forms[match.group(0)][1] == NOT_AN_ACTOR:
            continue
        index = bisect_right(starts, match.start()) - 1
        found[index].append(_actor(sentences[index], match.group(0), match.start() - starts[index], watch))
    return [_roles_listed_on(sentence, actors, watch) for sentence, actors in zip(sentences, found, strict=True)]


def _roles_listed_on(sentence: str, actors: list[ActorMention], watch: Watch) -> list[ActorMention]:
    """Capitals and countries listed after a place are places too ("diplomats in Warsaw,
    Vilnius and Chisinau"), countries listed after a title's "of" are leaders too ("the
    presidents of Russia and Turkey"), and so are adjectives listed before a title ("Armenian and
    Azerbaijani foreign ministers")."""
    titled: set[int] = set()  # leaders named by the country after their title
    for position, actor in enumerate(actors):
        previous = actors[position - 1] if position else None
        listed = previous is not None and _LIST_JOINER.match(sentence[previous.end : actor.start])
        if actor.role == "leader" and _TITLE_OF.search(_before(sentence, actor.start)):
            titled.add(position)
        elif listed and actor.role == "alias" and position - 1 in titled:
            actors[position] = ActorMention(actor.code, "leader", actor.start, actor.end, actor.text)
            titled.add(position)
        elif listed and actor.role == "alias" and previous.role == "place":
            # a list of places is of one kind: "in Istanbul, Russia and Ukraine carried out"
            # names the doers after the city
            same_kind = _is_country_name(actor, watch) == _is_country_name(previous, watch)
            if same_kind and _names_a_place(actor.text, actor.code, watch):
                actors[position] = ActorMention(actor.code, "place", actor.start, actor.end, actor.text)
    # an adjective listed before one that a title makes a leader is a leader too: "Armenian and
    # Azerbaijani foreign ministers"
    for position in range(len(actors) - 2, -1, -1):
        actor, following = actors[position], actors[position + 1]
        if (actor.role == "alias" and following.role == "leader" and actor.text != watch.actors[actor.code].name
                and _LIST_JOINER.match(sentence[actor.end : following.start])
                and watch.leader_titles.match(_POSSESSIVE.sub("", sentence[following.end :].lstrip(), count=1))):
            actors[position] = ActorMention(actor.code, "leader", actor.start, actor.end, actor.text)
    return actors


def _actor_matches(text: str, watch: Watch) -> Iterator[regex.Match[str]]:
    """`watch.actor_pattern.finditer(text)`, the pattern tried only where `watch.actor_forms`
    finds a form (it cannot match elsewhere)."""
    position = 0
    for start in sorted({end - length + 1 for end, length in watch.actor_forms.iter(text)}):
        if start >= position and (match := watch.actor_pattern.match(text, start)):
            yield match
            position = match.end()


def _actor(sentence: str, written: str, start: int, watch: Watch) -> ActorMention:
    code, role = watch.surface_forms[written]
    end = start + len(written)
    if role == "alias" and (
        watch.leader_titles.match(_POSSESSIVE.sub("", sentence[end:].lstrip(), count=1))
        or _TITLE_OF.search(_before(sentence, start))
    ):
        role = "leader"  # "Turkish President", "Egypt's foreign minister", "the president of Turkey"
    elif (_names_a_place(written, code, watch) and _PLACE_PREPOSITION.search(_before(sentence, start))) or (
        _BORDER_AFTER.match(sentence[end:])
    ):
        role = "place"
    return ActorMention(code, role, start, end, written)


def _names_a_place(written: str, code: str, watch: Watch) -> bool:
    actor = watch.actors[code]
    return actor.kind == "state" and (written in actor.places or written in (actor.name, *actor.aliases[:1]))


@dataclass
class _ArticleContext:
    sides: list[str]
    """The two states the article is about as conflict sides (may be fewer)."""
    other_sense_types: set[str]
    """Types for which the article uses a trigger word in another sense."""
    mediators: set[str]
    """Actors the article ties to hosting or brokering anywhere but in sentences about the past."""
    offerers: set[str] = field(default_factory=set)
    """Actors that offer mediation in the article (set once its events are read): an offer to
    host future talks is no part in talks already held."""
    past_brokers: set[str] = field(default_factory=set)
    """Hosts and brokers of the article's background events only (set once its events are read):
    "in 2022, Turkey hosted talks" says nothing of who brokered this week's swap."""
    talks_held: bool = False
    """Whether the article reports a round held (set once its events are read)."""
    standing_mediators: set[str] = field(default_factory=set)
    """Actors named right after a mediator's title ("mediators Egypt and Qatar")."""
    others_brokers: dict[str, set[str]] = field(default_factory=dict)
    """Per type, the hosts and brokers of the article's current events of other types only (set
    once its events are read): "the UAE said it had mediated the exchange" says nothing of who
    hosts the talks planned in Saudi Arabia."""

    @classmethod
    def read(
        cls,
        sentences: list[str],
        watch: Watch,
        sentence_actors: list[list[ActorMention]],
        sentence_brokers: list[set[str]],
        folded: _FoldedSentences,
    ) -> _ArticleContext:
        """`sentence_actors` and `sentence_brokers`: each sentence's `find_actors` and `_brokers`."""
        counts: Counter[str] = Counter()
        pairs: Counter[frozenset[str]] = Counter()
        mediators: set[str] = set()
        standing: set[str] = set()
        for sentence, actors, brokers in zip(sentences, sentence_actors, sentence_brokers, strict=True):
            if not actors:
                continue  # nothing to count, pair or broker
            if brokers and not watch.background_cues.search(sentence) and not _SEPARATELY.match(sentence):
                # not those of the past ("In 2022, Turkey brokered several swaps"), nor of other
                # news ("Separately, Zelensky thanked Qatar for its help in returning children")
                mediators |= brokers
                standing |= _titled_mediators(sentence, actors) & brokers
            states = [a for a in actors if a.role != "place" and watch.actors[a.code].kind == "state"]
            counts.update(actor.code for actor in states)
            pair = _paired_sides(sentence, [a for a in states if a.role != "leader" and a.code not in brokers])
            if pair:
                pairs[frozenset(pair)] += 1
        other_sense = {
            rule.type
            for rule in watch.events.values()
            if rule.other_domain
            and any(rule.other_domain.search(sentences[index]) for index in folded.admitted(rule.other_domain_words))
        }
        paired_codes = {code for pair in pairs for code in pair}
        mediators -= paired_codes
        if pairs:
            sides = sorted(pairs.most_common(1)[0][0])
        else:
            sides = [code for code, _ in counts.most_common() if code not in mediators][:2]
        return cls(sides=sides, other_sense_types=other_sense, mediators=mediators, standing_mediators=standing)


def _brokers(
    sentence: str, actors: list[ActorMention], skipped: list[tuple[int, int]], watch: Watch
) -> set[str]:
    """Actors the sentence ties to hosting or brokering: agencies; the agent of a mediation cue,
    written after it with "by/from/of" ("hosted by Türkiye", "mediation efforts from both Turkey
    and the United States") or right before an active cue ("Qatar and Egypt brokered"), with the
    actors listed together with it; never the two named as sides ("between Kyiv and Moscow").
    A cue of an earlier event the sentence compares with ("the second swap this year, after a
    February deal brokered by Saudi Arabia") names that one's broker. Cues overlapping `skipped`
    are passed over: the trigger spans of offers ("offered to host a summit"; an offerer hosts
    only what its sentence proposes, `_Sentence.offered_hosts`), or the places right after
    another event's triggers (`_hosts_of_other_events`)."""
    brokers = _agencies(actors)
    between = _between_pair(sentence, actors)
    for cue in watch.mediation_cues.finditer(sentence):
        if _overlaps((cue.start(), cue.end()), skipped) or _EARLIER_EVENT_BEFORE.search(_before(sentence, cue.start())):
            continue
        agents = _cue_agents(sentence, (cue.start(), cue.end()), actors)
        # not who tells of it: "mediated by the UAE, the Russian defence ministry said"
        told_from = _attribution_start(sentence, cue.end())
        brokers |= {actor.code for actor in agents if actor.code not in between and actor.start < told_from}
    return brokers


def _titled_mediators(sentence: str, actors: list[ActorMention]) -> set[str]:
    """The actors listed right after a mediator's title: "mediators Egypt and Qatar"."""
    titled: set[str] = set()
    for title in _MEDIATOR_TITLE.finditer(sentence):
        after = [a for a in actors if a.start >= title.end()]
        if after and _ARTICLE_GAP.match(sentence[title.end() : after[0].start]):
            titled |= {a.code for a in _listed_with(sentence, after[0], after)}
    return titled


def _agencies(actors: list[ActorMention]) -> set[str]:
    """What `_brokers` gives for a sentence without a mediation cue."""
    return {actor.code for actor in actors if actor.role == "agency"}


def _cue_agents(sentence: str, cue: tuple[int, int], actors: list[ActorMention]) -> list[ActorMention]:
    """Who the mediation cue names: after it with "by/from/of", else right before it; always
    before it in a compound ("the Vatican-mediated release of two Ukrainian priests")."""
    compound = sentence[cue[0] - 1 : cue[0]] == "-"
    after = [a for a in actors if a.start >= cue[1] and a.start - cue[1] <= BROKER_AFTER_CUE and not compound]
    gap = sentence[cue[1] : after[0].start] if after else ""
    # "mediators Egypt and Qatar", "thanked the UAE", but not a verb after its subject: "Egypt
    # hosts Hamas delegation", "Qatar brokers deal"
    subject = next((a for a in actors if a.end <= cue[0] and not sentence[a.end : cue[0]].strip()), None)
    named_next = (
        _AGENT_NEXT.search(sentence[cue[0] : cue[1]])
        and _ARTICLE_GAP.match(gap)
        and (subject is None or _THANKS.match(sentence, cue[0]))
    )
    if after and (named_next or _AGENT_MARKER.match(gap)):
        return _listed_with(sentence, after[0], after)
    if _PASSIVE_CUE.match(sentence[cue[1] :]) or _THANKS.match(sentence, cue[0]):
        return []  # who thanks is not who helped: "Kyiv's headquarters thanked the Red Cross for its help"
    before = [a for a in actors if a.end <= cue[0] and cue[0] - a.end <= BROKER_BEFORE_CUE]
    if not before:
        return []
    listed = [a for a in actors if a.end <= before[-1].end]
    return _listed_with(sentence, before[-1], list(reversed(listed)))


def _listed_with(sentence: str, first: ActorMention, candidates: list[ActorMention]) -> list[ActorMention]:
    """`first` and the actors listed next to it ("Qatar, Egypt and the United States")."""
    listed = [first]
    for actor in candidates:
        if actor is first:
            continue
        previous = listed[-1]
        gap = sentence[min(previous.end, actor.end) : max(previous.start, actor.start)]
        if not _LIST_JOINER.match(gap):
            break
        listed.append(actor)
    return listed


def _between_pair(sentence: str, actors: list[ActorMention]) -> set[str]:
    """The two actors of a "between A and B" phrase."""
    for first, second in pairwise(actors):
        if _BETWEEN.search(_before(sentence, first.start)) and _PAIR_JOINER.match(sentence[first.end : second.start]):
            return {first.code, second.code}
    return set()


def _distance(first: tuple[int, int], second: tuple[int, int]) -> int:
    return max(0, max(first[0], second[0]) - min(first[1], second[1]))


def _trigger_spans(
    sentence: str, rule: EventRule, matches: list[regex.Match[str]], other_sense: bool
) -> list[tuple[int, int]]:
    """Where the type's triggers are (`matches`: its `triggers.finditer`), leaving out those
    inside an other-sense phrase (searched only when `other_sense`: the sentence holds the
    words of one, `EventRule.negative_words`)."""
    negative_spans = [(m.start(), m.end()) for m in rule.negative.finditer(sentence)] if other_sense else []
    spans = []
    for match in matches:
        inside_other_sense = any(
            start <= match.start() < end or start < match.end() <= end for start, end in negative_spans
        )
        if not inside_other_sense and match.group(0).strip():
            leading_space = len(match.group(0)) - len(match.group(0).lstrip())
            spans.append((match.start() + leading_space, match.end()))
    return spans


def _status(
    sentence: str,
    spans: list[tuple[int, int]],
    part: tuple[int, int],
    rule: EventRule,
    watch: Watch,
    others: list[tuple[int, int]],
) -> str | None:
    """The first status cue the type allows in the event's `part` of the sentence, or None. An
    event that is only the setting of the sentence ("said during a meeting"), or that is said to
    have taken place ("held the next round"), takes no planned/proposed cue from the clause, nor
    one that names another event of the sentence (`others`: its triggers): "discussed a possible
    prisoner exchange in a phone call" proposes the exchange, not the call."""
    clause_start = max(part[0], spans[0][0] - STATUS_CLAUSE_WINDOW)
    # the subject of the sentence takes the cues of its predicate, however long what it is
    # between ("A prisoner swap between Israel and Sudan brokered by the UAE is expected ...")
    reach = 2 * STATUS_CLAUSE_WINDOW if _INDEFINITE_SUBJECT.match(sentence, 0, spans[0][0]) else STATUS_CLAUSE_WINDOW
    clause = sentence[clause_start : min(part[1], spans[-1][1] + reach)]
    before = _before(sentence, spans[0][0])
    topic = _topic_status(sentence, spans[0], rule, watch)
    if topic:
        return topic
    if "denied" in rule.statuses and _NEGATED_ACT.search(before) and (
        _PAST_TRIGGER.match(sentence[spans[0][0] :]) or _AUXILIARY_NOT.search(before)
    ):
        return "denied"  # "have not exchanged prisoners since", "have never met", "did not exchange"
    if "denied" in rule.statuses and _NOT_HELD.search(before):
        return "denied"
    if _carried_out(sentence, spans[0], rule, watch) or (
        "completed" in rule.statuses and _CARRIED_OUT_AFTER.match(sentence, spans[-1][1], part[1])
    ):
        return "completed"
    if "proposed" in rule.statuses and _WISHED_BACK.search(before):
        return "proposed"
    done = _said_done(sentence, spans[0])
    setting = bool(watch.setting.search(before)) or done
    told = sentence[part[0] : part[1]]
    framework = _UNDER_DEAL.search(told, spans[-1][1] - part[0])
    own = told[: framework.start()] if framework else told
    for status in STATUS_CUE_ORDER:
        if status in CLAUSE_STATUSES and setting:
            continue
        if status not in rule.statuses:
            continue
        cues = (watch.status_cues[status], rule.status_cues.get(status))
        if status == "denied":
            if any(cue and _denial_of_this_event(cue, sentence, spans, others, done) for cue in cues):
                return status
        elif status not in CLAUSE_STATUSES:
            if any(cue and cue.search(own) for cue in cues):
                return status
        elif any(cue and _cue_of_this_event(cue, clause, clause_start, spans, others) for cue in cues):
            return status
    return None


def _cue_of_this_event(
    cue: regex.Pattern[str], clause: str, clause_start: int, own: list[tuple[int, int]], others: list[tuple[int, int]]
) -> bool:
    """Whether the cue is in the clause (which starts at `clause_start` in the sentence) around the
    event's own triggers (`own`), or not around another event's (`others`)."""
    for match in cue.finditer(clause):
        found = (match.start() + clause_start, match.end() + clause_start)
        if _overlaps(found, own) or not _overlaps(found, others):
            return True
    return False


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _carried_out(sentence: str, trigger: tuple[int, int], rule: EventRule, watch: Watch) -> bool:
    """Whether the trigger itself, or the verb just before it, says the event was carried out
    ("exchanged 90 prisoners", "swapped", "carried out their largest prisoner swap"), whatever
    other cues the sentence holds ("building on a deal reached last year", "the first stage of a
    deal agreed in Istanbul"), unless it is an infinitive or denied ("agreed to exchange",
    "denied that they had swapped")."""
    if "completed" not in rule.statuses:
        return False
    before = _before(sentence, trigger[0])
    if not _DONE_TRIGGER.match(sentence[trigger[0] : trigger[1]]) and not _CARRIED_OUT_BEFORE.search(before):
        return False
    return not _NOT_DONE_BEFORE.search(before) and not _denial_before(watch.status_cues["denied"], sentence, trigger[1])


def _events_of_type(
    sentence: str, spans: list[tuple[int, int]], rule: EventRule, watch: Watch
) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """The trigger spans of each event of one type that the sentence names, with the part of the
    sentence that tells it: one event, or one that took place and the one told after it
    ("swapped 100 prisoners each on Friday and agreed to carry out another exchange next week")."""
    next_event = _next_event_start(sentence, spans, rule, watch)
    if next_event is None:
        return [(spans, (0, len(sentence)))]
    earlier = [span for span in spans if span[0] < next_event]
    later = [span for span in spans if span[0] >= next_event]
    # (a denial or a topic after it is left unread: whose it is, the sentence does not say)
    if not (later and later[0][0] == next_event and _another_event(sentence, earlier[-1], later[0], rule)):
        return [(earlier, (0, next_event))]
    # the later event's part begins with its clause ("... on Friday and agreed to another exchange")
    joiners = [match.start() for match in _CLAUSE_JOINER.finditer(sentence, earlier[-1][1], next_event)]
    boundary = joiners[-1] if joiners else next_event
    return [(earlier, (0, boundary)), (later, (boundary, len(sentence)))]


def _another_event(sentence: str, first: tuple[int, int], later: tuple[int, int], rule: EventRule) -> bool:
    """Whether a later trigger of a type names another event than the `first`, which took place:
    one more of its type ("and agreed to another exchange", "the next round"), or a call or
    meeting its own clause says took place too ("spoke with Putin by phone and then called
    Zelensky"; talks "held again on Tuesday" are the same round)."""
    if _ANOTHER.search(sentence, max(0, later[0] - ANOTHER_REACH), later[1]):
        return True
    if rule.parties != "leaders":
        return False
    return bool(_NEW_CLAUSE.search(sentence, first[1], later[1])) and _said_done(sentence, later)


def _next_event_start(sentence: str, spans: list[tuple[int, int]], rule: EventRule, watch: Watch) -> int | None:
    """Where, after a trigger saying its event took place, the sentence turns to another event of
    the type: a denial cue ("spoke with Putin by phone on Tuesday; no call with Zelensky is
    planned"), a later trigger that is only a topic ("met Putin in Sochi and discussed a possible
    meeting with Zelensky") or names another one ("swapped 100 prisoners each and agreed to another
    exchange"). The triggers and actors from there on are not this event's."""
    trigger = spans[0]
    if not _said_done(sentence, trigger):
        return None
    starts = [
        span[0] for span in spans[1:]
        if _another_event(sentence, trigger, span, rule) or _topic_status(sentence, span, rule, watch)
    ]
    if "denied" in rule.statuses:
        cues = [cue for cue in (watch.status_cues["denied"], rule.status_cues.get("denied")) if cue]
        if not any(_denial_before(cue, sentence, trigger[1]) for cue in cues):
            starts += [match.start() for cue in cues for match in cue.finditer(sentence, trigger[1])]
    return min(starts, default=None)


def _denial_of_this_event(
    cue: regex.Pattern[str], sentence: str, own: list[tuple[int, int]], others: list[tuple[int, int]], done: bool
) -> bool:
    """Whether a denial cue of the sentence is of this event: not nearer another event's trigger
    (`others`) than its own ("will hold talks on Monday; it is too early to say whether Putin and
    Zelensky will meet"), nor after its trigger when that says it took place (`done`,
    `_denial_before`)."""
    for match in cue.finditer(sentence):
        found = (match.start(), match.end())
        if done and match.start() >= own[0][1]:
            continue
        if others and min(_distance(found, span) for span in others) < min(_distance(found, span) for span in own):
            continue
        return True
    return False


def _said_done(sentence: str, trigger: tuple[int, int]) -> bool:
    """Whether the trigger is a past verb ("swapped", "met"), or follows one ("held talks")."""
    before = _before(sentence, trigger[0])
    return _is_past_verb(sentence, trigger, before) or bool(_TOOK_PLACE_BEFORE.search(before))


def _is_past_verb(sentence: str, trigger: tuple[int, int], before: str) -> bool:
    """A trigger that is a past verb is done, unless still to come ("to be swapped", "will be
    exchanged"); `before` is the text just before it."""
    return bool(_PAST_TRIGGER.search(sentence[trigger[0] : trigger[1]])) and not _NOT_DONE_BEFORE.search(before)


def _denial_before(cue: regex.Pattern[str], sentence: str, end: int) -> bool:
    """Whether a denial cue starts before `end`, the end of a trigger that says its event is done: a
    denial only after it is of what comes next ("swapped 100 prisoners each, and Kyiv said no
    further exchange was planned"; "met in Istanbul, and the Kremlin saw no reason for a second
    meeting")."""
    return any(match.start() < end for match in cue.finditer(sentence))


def _topic_status(sentence: str, trigger: tuple[int, int], rule: EventRule, watch: Watch) -> str | None:
    """The status of an event that is only the topic of the sentence ("discussed a possible
    [exchange]", `Watch.topic_statuses`, written just before its trigger), or of the talks named
    right after it ("prisoner swap talks resumed": proposed). The topic of talks called off or
    stalled is denied; otherwise a denial in the sentence leaves the status to its cues."""
    def denied() -> bool:
        return "denied" in rule.statuses and bool(watch.status_cues["denied"].search(sentence))

    if "proposed" in rule.statuses and _TALKS_ON_IT.match(sentence, trigger[1]):
        undone = "denied" in rule.statuses and (_STALLED.search(sentence, trigger[1]) or denied())
        return "denied" if undone else "proposed"
    before = _before(sentence, trigger[0])
    for status, words in watch.topic_statuses.items():
        if status in rule.statuses and words.search(before):
            return None if denied() else status
    return None


def _read_sentence(
    index: int,
    sentence: str,
    found_spans: dict[str, list[tuple[int, int]]],
    published: dt.date | None,
    watch: Watch,
    article: _ArticleContext,
    previous_leaders: set[str],
    actors: list[ActorMention],
    brokers: set[str],
) -> list[Mention]:
    """The sentence's mentions of the types whose triggers it holds at `found_spans`; `actors`
    and `brokers` are its `find_actors` and `_brokers`."""
    if _YES_NO_QUESTION.match(sentence):
        return []  # asked, not told: "Will Russia and Ukraine hold talks in Istanbul next week?"
    context = _Sentence(
        index=index,
        text=sentence,
        actors=actors,
        dates=[],
        published=published,
        previous_leaders=previous_leaders,
        spans=found_spans,
    )
    if "mediation_offer" in found_spans and brokers:
        context.offered_hosts = brokers - _brokers(sentence, actors, found_spans["mediation_offer"], watch)
    mentions = []
    behind_exchange = _talks_behind_exchange(sentence, found_spans)
    for kind, spans in found_spans.items():
        for part_spans, part in _events_of_type(sentence, spans, watch.events[kind], watch):
            mention = _read_mention(context, kind, part_spans, part, brokers, watch, article)
            # Leaders holding talks on a swap still meet ("arrived in Ankara for talks with Erdogan
            # on a new exchange of prisoners").
            if mention and not (behind_exchange and mention.type == "talks"):
                mentions.append(mention)
    mentions = [
        separate for mention in _drop_offered(_drop_doubles(mentions))
        for separate in _held_separately(mention, context, watch)
    ]
    if not mentions:
        return []
    if "after" in sentence or "before" in sentence or "ahead of" in sentence:
        for mention in mentions:
            # the dates before "days after" are not those of the event after it ("swapped 90
            # prisoners each on Friday, days after their delegations met in Istanbul")
            clause = _last_match(_TIME_CLAUSE, sentence, mention.part_start, mention.spans[0][0])
            if clause:
                mention.part_start = clause.start()
    # Dates are read only for a sentence that gives an event (nothing before needs them).
    if published:
        context.dates = find_dates(sentence, published, watch.future_tense)
        mentions = [once for mention in mentions for once in _held_on_two_days(mention, context)]
    _keep_places_with_nearest_event(mentions, context)
    if published and any(mention.status in FORWARD_STATUSES for mention in mentions):
        context.future_dates = find_dates(sentence, published, True)
    _place_dates(mentions, context, watch)
    return mentions


def _hosts_of_other_events(sentence: _Sentence, kind: str, brokers: set[str], watch: Watch) -> set[str]:
    """The brokers named only by a cue written right after a trigger of another type ("talks
    hosted by Turkey"): they host or broker that event, and no proposal of this one ("Ukraine
    proposed a neutral status, as negotiators met for talks hosted by Turkey"), while what is
    agreed at the talks or carried out under a truce takes its hosts ("agreed to a ceasefire at
    talks hosted by Malaysia")."""
    def attached(spans: list[tuple[int, int]]) -> set[str]:
        return brokers - _brokers(sentence.text, sentence.actors, [(end, end + 2) for _, end in spans], watch)

    others = set().union(*(attached(spans) for other, spans in sentence.spans.items() if other != kind))
    return others - attached(sentence.spans[kind]) if others else set()


def _keep_places_with_nearest_event(mentions: list[Mention], sentence: _Sentence) -> None:
    """A place belongs to the event whose trigger is nearest to it: in "delegations met in
    Istanbul and agreed to exchange prisoners" Istanbul is where they met, not the exchange. A
    topic never takes it from the event it is the topic of ("talks on a peace treaty were held
    in Abu Dhabi")."""
    for mention in mentions:
        if not mention.location:
            continue
        at = sentence.text.find(mention.location.split()[0])
        own = min(_distance((at, at + 1), span) for span in mention.spans)
        others = [
            _distance((at, at + 1), span)
            for other in mentions
            if other is not mention and not (other.topic and not mention.topic)
            for span in other.spans
        ]
        if others and min(others) < own:
            mention.location = None


def _drop_offered(mentions: list[Mention]) -> list[Mention]:
    """An offer to host or mediate is only an offer: the event offered ("ready to host a
    meeting", "ready to host Ukraine, Russia technical talks", "offering Istanbul as the host city
    for a third round") is not read as well; events that happened in the same sentence ("made his
    offer in Lviv, where he met") are."""
    offers = [mention for mention in mentions if mention.type == "mediation_offer"]
    if not offers:
        return mentions
    offer_spans = [span for offer in offers for span in offer.spans]
    first_offer = min(start for start, _ in offer_spans)
    offerers = {code for offer in offers for code in offer.mediators}

    def offered(mention: Mention) -> bool:
        if mention.spans[0][0] < first_offer and _said_done(mention.evidence, mention.spans[0]):
            return False  # done before the offer: "met Zelensky in Ankara and offered to host a summit"
        after = [(span, offer) for span in mention.spans for offer in offer_spans if span[0] >= offer[0]]
        if after:
            return any(
                mention.status in FORWARD_STATUSES
                or (span[0] - offer[1] <= OFFERED_EVENT_REACH and not _said_done(mention.evidence, span))
                for span, offer in after
            )
        return mention.status in FORWARD_STATUSES and mention.agent in offerers | {None}

    return [m for m in mentions if m.type == "mediation_offer" or not offered(m)]


def _place_dates(mentions: list[Mention], sentence: _Sentence, watch: Watch) -> None:
    """Give each date expression to the nearest event that can take it (an event keeps the
    nearest day over vaguer dates), then judge each event current or background. A proposed or
    planned event does not take a past date (that is the day it was proposed), except an offer,
    whose date is the day it was made: an offer also takes the date of the statement that makes
    it ("told reporters on Tuesday that Turkey could host"). A topic of another event ("talks on
    a peace treaty ... in July") takes no date from it, and is past when that event is. When
    the released were captured or jailed ("an American teacher jailed in 2021") is no event's."""
    on_people = _clauses_on_people(sentence.text, [mention.spans[0] for mention in mentions])
    usable = [
        mention for mention in sentence.dates
        if not mention.after_since and not any(start <= mention.start < end for start, end in on_people)
        and not _CAPTURED_BEFORE.search(_before(sentence.text, mention.start))
    ]
    statements = [d for d in usable if _dates_the_statement(d, mentions, sentence.text)]
    eligible = [d for d in usable if d not in statements]
    claims: dict[int, tuple[tuple[bool, int], DateMention]] = {}
    all_topics = all(mention.topic for mention in mentions)
    for date_mention in eligible:
        takers = [
            (_gap(date_mention, mention), position)
            for position, mention in enumerate(mentions)
            if _could_take(mention, date_mention, sentence, watch) and not (mention.topic and not all_topics)
        ]
        if not takers:
            continue
        distance, position = min(takers)
        # A day beats a vaguer date ("on Friday, the second swap this week"), then the nearer.
        rank = (date_mention.precision != "day", distance)
        better_than_claimed = position not in claims or claims[position][0] > rank
        if (distance <= DATE_WINDOW or len(eligible) == 1) and better_than_claimed:
            claims[position] = (rank, date_mention)
    # A date that opens the sentence ("In March 2022, ...") is when all of it happened.
    opening = next((d for d in eligible if d.start <= 3 and sentence.text[d.end : d.end + 1] == ","), None)
    for position, mention in enumerate(mentions):
        claimed = claims.get(position) or _claim_of_a_twin(mention, mentions, claims)
        date_mention = claimed[1] if claimed else _shared_date(mention, eligible)
        if date_mention is None and mention.type == "mediation_offer":
            date_mention = _offer_statement_date(mention, statements, sentence, watch)
        date_mention = _dated_as(mention, date_mention, sentence) if date_mention else None
        mention.background = _is_background(
            sentence.text, mention.status, date_mention or opening, mention.spans[0], sentence.published, watch
        )
        if date_mention and date_mention.precision == "day" and _takes_date(mention, date_mention, sentence, watch):
            mention.date = date_mention.date
            if mention.status in DONE_STATUSES and sentence.published and mention.date > sentence.published:
                # held on a day still to come: the tense was missed, not the date ("Iran, US to hold
                # fifth round in Rome on Friday"), so it is one with the round planned for that day
                if "planned" in watch.events[mention.type].statuses:
                    mention.status = "planned"
        mention.explicit = _is_explicit(
            sentence.text, mention.spans[0], mention.cued, date_mention, mention.location, watch
        )
    if any(mention.background for mention in mentions if not mention.topic):
        for mention in mentions:
            mention.background = mention.background or mention.topic  # discussed at past talks
    past = [mention.spans[0][0] for mention in mentions if mention.background and mention.explicit]
    for mention in mentions:
        # an undated bare mention after a past event is of that past: "a first round of talks on
        # May 16 had led to the largest prisoner exchange of the war"
        if past and not mention.explicit and mention.date is None and mention.spans[0][0] > min(past):
            mention.background = True


def _claim_of_a_twin(
    mention: Mention, mentions: list[Mention], claims: dict[int, tuple[tuple[bool, int], DateMention]]
) -> tuple[tuple[bool, int], DateMention] | None:
    """The date claimed by another event read from the same words (the calls a leader "held
    separately" with two others, `_held_separately`): it is the date of each."""
    return next((
        claims[position] for position, other in enumerate(mentions)
        if position in claims and other is not mention and other.spans == mention.spans
        and (other.part_start, other.part_end) == (mention.part_start, mention.part_end)
    ), None)


def _dates_the_statement(date_mention: DateMention, mentions: list[Mention], sentence: str) -> bool:
    """Whether the date is of a reporting verb's statement ("said on Friday"), not of an event
    named between the two ("told Putin in a call on Friday": the call's day)."""
    before = _before(sentence, date_mention.start)
    reporting = _REPORTING_DATE.search(before)
    if not reporting or date_mention.possessive:
        return False
    verb_start = date_mention.start - len(before) + reporting.start()
    return not any(verb_start < start < date_mention.start for mention in mentions for start, _ in mention.spans)


def _offer_statement_date(
    mention: Mention, statements: list[DateMention], sentence: _Sentence, watch: Watch
) -> DateMention | None:
    """The date of the offerer's own statement that precedes the offer, or of the reporting
    clause that follows a quoted one ('"We are ready to host talks," Fidan said on Friday')."""
    quoted_from = _attribution_start(sentence.text, mention.spans[-1][1])
    for statement in statements:
        speaker = _nearest_state_before((statement.start, statement.end), sentence.actors, watch)
        if speaker in mention.mediators and (statement.end <= mention.spans[0][0] or statement.start > quoted_from):
            return statement
    return None


def _gap(date_mention: DateMention, mention: Mention) -> int:
    return min(_distance((date_mention.start, date_mention.end), span) for span in mention.spans)


def _could_take(mention: Mention, date_mention: DateMention, sentence: _Sentence, watch: Watch) -> bool:
    if not _in_part(date_mention, mention) or _dates_another_verb(mention, date_mention):
        return False
    if date_mention.precision != "day":
        return True
    return _takes_date(mention, _dated_as(mention, date_mention, sentence), sentence, watch)


def _in_part(date_mention: DateMention, mention: Mention) -> bool:
    return date_mention.start >= mention.part_start and (
        mention.part_end is None or date_mention.start < mention.part_end
    )


def _dates_another_verb(mention: Mention, date_mention: DateMention) -> bool:
    """A date written before an event referred back to without a status cue ("traded blame on
    Friday for the failure of the talks") is when something else happened, unless it opens the
    sentence or is the event's possessive ("Friday's talks"); so is a date before "ahead of" the
    event ("swapped lists on Friday ahead of the exchange planned for the weekend"), and one before
    the "under" of a deal, truce or talks named as what another event is carried out under
    ("exchanged 150 prisoners each on Friday under an agreement reached at talks in Istanbul": the
    day of the swap, not of the agreement or the talks)."""
    if date_mention.end > mention.spans[0][0]:
        return False
    between = mention.evidence[date_mention.end : mention.spans[0][0]]
    if _AHEAD_OF.search(between) or _FRAMEWORK_BEFORE.search(between):
        return True
    if date_mention.possessive and len(between.split()) <= 2:
        return False  # the event's own day ("after Friday's talks in Istanbul")
    return mention.reference and not mention.cued and date_mention.start > 3


def _dated_as(mention: Mention, date_mention: DateMention, sentence: _Sentence) -> DateMention:
    """A planned event's "on Saturday" is the coming Saturday, unless a past verb governs the
    date ("agreed on Monday to begin talks"). A proposed event's month is still to come when the
    past reading would put it in an earlier year ("proposed a meeting before the end of August",
    in July); its day stays the day it was proposed ("proposed on Saturday")."""
    future = next((d for d in sentence.future_dates if d.start == date_mention.start), date_mention)
    if mention.status == "proposed":
        year = sentence.published.year if sentence.published else None
        pushed_back = date_mention.date.year != year and future.date.year == year
        return future if date_mention.precision != "day" and pushed_back else date_mention
    if mention.status != "planned" or _PAST_VERB_BEFORE.search(_before(sentence.text, date_mention.start)):
        return date_mention
    return future


def _shared_date(mention: Mention, eligible: list[DateMention]) -> DateMention | None:
    """A date right next to an event is its date too when a nearer event claimed it ("made his
    offer on Thursday in Lviv, where he met ..."), unless the event is still to come."""
    if mention.status in FORWARD_STATUSES:
        return None
    near = [
        (_gap(d, mention), index) for index, d in enumerate(eligible)
        if _in_part(d, mention) and not _dates_another_verb(mention, d)
    ]
    near = [item for item in near if item[0] <= SHARED_DATE_WINDOW]
    return eligible[min(near)[1]] if near else None


def _takes_date(mention: Mention, date_mention: DateMention, sentence: _Sentence, watch: Watch) -> bool:
    """An event still to come takes a day after publication, or the day itself when that is the
    date read as the future in a sentence in the future tense ("will exchange prisoners on
    Wednesday", published that Wednesday), not a past verb's ("agreed on Wednesday to hold
    talks", "began preparing a swap on Wednesday")."""
    published = sentence.published
    if mention.status not in FORWARD_STATUSES or mention.type == "mediation_offer" or published is None:
        return True
    if date_mention.date != published:
        return date_mention.date > published
    return any(d is date_mention for d in sentence.future_dates) and bool(watch.future_tense.search(sentence.text))


@dataclass
class _Sentence:
    index: int
    text: str
    actors: list[ActorMention]
    dates: list[DateMention]
    published: dt.date | None
    previous_leaders: set[str]
    spans: dict[str, list[tuple[int, int]]]
    future_dates: list[DateMention] = field(default_factory=list)
    """The same expressions read as future, for events still to come (read only when needed)."""
    offered_hosts: set[str] = field(default_factory=set)
    """Brokers only by offering to host or mediate: of an event the sentence proposes or plans, not
    of one held or agreed ("held talks in Ankara, and the Turkish leader offered to host a summit")."""


def _talks_behind_exchange(sentence: str, found_spans: dict[str, list[tuple[int, int]]]) -> bool:
    """Whether the sentence's talks are the negotiations of its exchange, not a round of talks:
    just before it ("talks on a prisoner swap", "the negotiations behind the exchange") or after
    it ("the swap was the result of lengthy negotiations"); unless a clause of its own reports
    the other ("held talks in Istanbul and agreed to exchange ...", "exchanged prisoners and then
    held talks"), the talks have a place of their own ("swapped 307 prisoners each after talks
    in Istanbul"), or they are a round ("the second round ended with an agreement to swap")."""
    if "talks" not in found_spans or "prisoner_exchange" not in found_spans:
        return False
    if any(_ROUND.search(sentence[start:end]) for start, end in found_spans["talks"]):
        return False  # "the second round ended with an agreement to exchange prisoners": a round
    if any(_AGREED_AT.search(_before(sentence, start)) for start, _ in found_spans["talks"]):
        return False  # "the swap was agreed at the first direct talks in three years": a round
    if any(_HELD_AFTER_TALKS.match(sentence, end) for _, end in found_spans["talks"]):
        return False  # "talks between Russia and Ukraine on a prisoner exchange took place in Istanbul"
    talks, exchange = found_spans["talks"][0], found_spans["prisoner_exchange"][0]
    first, second = sorted((talks, exchange))
    own_clause = bool(_NEW_CLAUSE.search(sentence[first[1] : second[0]]))
    own_place = any(_PLACE_AFTER.match(sentence[span[1] :]) for span in found_spans["talks"])
    return not own_clause and not own_place and (exchange[0] < talks[0] or exchange[0] - talks[1] <= TALKS_ABOUT_REACH)


def _held_separately(mention: Mention, sentence: _Sentence, watch: Watch) -> list[Mention]:
    """Calls or meetings a leader held "separately" with two others (or "separate calls with"
    them, or "with Putin last week and with Zelensky on Monday") are one with each, of the
    leader named first; two leaders who met "separately" did not meet each other (`_met_apart`)."""
    if watch.events[mention.type].parties != "leaders":
        return [mention]
    if len(mention.sides) == 2:
        return _met_apart(mention, sentence, watch)
    if len(mention.sides) < 3:
        return [mention]
    separate, and_with = _SEPARATE.search(sentence.text), _AND_WITH.search(sentence.text)
    if not (separate or and_with):
        return [mention]
    subject = next((actor.code for actor in sentence.actors if actor.code in mention.sides), None)
    if subject is None:
        return [mention]
    pairs = [replace(mention, sides={subject, other}) for other in sorted(mention.sides - {subject})]
    if and_with and not separate:
        # each call takes the dates of its own part: "with Putin last week and with Zelensky on Monday"
        later = {a.code for a in sentence.actors if a.start >= and_with.end()}
        for pair in pairs:
            if pair.sides - {subject} <= later:
                pair.part_start = and_with.start()
            else:
                pair.part_end = and_with.start()
    return pairs


def _met_apart(mention: Mention, sentence: _Sentence, watch: Watch) -> list[Mention]:
    """Two leaders who "met separately with" a mediator held talks through it, not a meeting of
    their own ("Vucic and Kurti met separately with the EU envoy in Brussels but refused to sit
    down together"); with no one named after "with" ("met separately on Monday"), they did not
    meet each other at all."""
    if mention.type != "leader_meeting" or "talks" not in watch.events:
        return [mention]
    apart = _SEPARATELY_WITH.match(sentence.text, mention.spans[0][1])
    if not apart:
        return [mention]
    third = {actor.code for actor in sentence.actors
             if actor.start >= apart.end() and actor.role != "place" and actor.code not in mention.sides}
    if not apart.group("with") or not third:
        return []
    return [replace(mention, type="talks", mediators=mention.mediators | third)]


def _held_on_two_days(mention: Mention, sentence: _Sentence) -> list[Mention]:
    """An event told twice on two days ("met in Abu Dhabi on May 16 and again on June 2", "swapped
    prisoners on March 3 and April 19") is two events, each with the part of the sentence that
    holds its day; two days close together with no "again" are one event over both ("held talks
    on Tuesday and Wednesday"), which keeps the first."""
    days = [d for d in sentence.dates if d.precision == "day" and _in_part(d, mention)]
    for first, second in pairwise(days):
        between = _TWO_DAYS_JOINED.fullmatch(sentence.text, first.end, second.start)
        if between and (between.group("again") or abs((second.date - first.date).days) >= DAYS_APART_FOR_TWO_EVENTS):
            return [
                replace(mention, sides=set(mention.sides), mediators=set(mention.mediators), part_end=second.start),
                replace(mention, sides=set(mention.sides), mediators=set(mention.mediators), part_start=first.end),
            ]
    return [mention]


def _drop_doubles(mentions: list[Mention]) -> list[Mention]:
    """One sentence, one reading of a meeting: talks between the leaders who met are the meeting,
    unless one is denied and the other not ("will hold talks on Monday; it is too early to say
    whether Putin and Zelensky will meet")."""
    first = [mention for mention in mentions if not mention.part_start]  # not another told after one
    meetings = [mention for mention in first if mention.type == "leader_meeting"]
    talks = [mention for mention in first if mention.type == "talks"]
    one_denied = bool(meetings and talks) and (meetings[0].status == "denied") != (talks[0].status == "denied")
    if meetings and talks and talks[0].sides <= meetings[0].sides and not one_denied:
        return [mention for mention in mentions if mention is not talks[0]]
    if len(talks) > 1:
        return [mention for mention in mentions if mention is not talks[1]]
    return mentions


def _read_mention(
    sentence: _Sentence,
    kind: str,
    spans: list[tuple[int, int]],
    part: tuple[int, int],
    brokers: set[str],
    watch: Watch,
    article: _ArticleContext,
) -> Mention | None:
    """The event of type `kind` the trigger `spans` name, in its `part` of the sentence (start
    and end: the sentence, or one of the events of the type it tells, `_events_of_type`): the
    actors after the part are not this event's, nor the places before it."""
    rule = watch.events[kind]
    text = sentence.text
    # Another event's cue is not this one's; but what an offer is of is the event named after it.
    others = [] if kind == "mediation_offer" else [
        span for other, found in sentence.spans.items() if other != kind for span in found if not _overlaps(span, spans)
    ]
    status = _status(text, spans, part, rule, watch, others)
    if status is None and rule.needs_status_cue:
        return None
    article_mediators = article.mediators
    if status not in FORWARD_STATUSES:
        brokers, article_mediators = brokers - sentence.offered_hosts, article_mediators - sentence.offered_hosts
    if status == "proposed" and brokers and len(sentence.spans) > 1:
        brokers = brokers - _hosts_of_other_events(sentence, kind, brokers, watch)
    trigger = spans[0]
    # Swaps in the plural are a kind of event ("prisoner exchanges have been rare"), or ones named
    # before ("the pace of the agreed swaps"), unless the sentence plans or proposes them.
    if kind == "prisoner_exchange" and all(_GENERIC_PLURAL.match(text[start:end].strip()) for start, end in spans):
        if status not in ("proposed", "planned", "denied", "agreed") or _is_reference(text, trigger, watch):
            return None
    if status != "denied" and watch.hypothetical.search(text[max(0, trigger[0] - STATUS_CLAUSE_WINDOW) : trigger[1]]):
        return None
    if rule.default_status == "agreed" and _TALKS_ON_THE.search(_before(text, trigger[0])):
        return None  # what talks are about, already there: "talks on the second phase of the ceasefire"
    around = _near_any(sentence.actors, spans)
    # Who reports the event is no party to it; where they report from may be where it was.
    reporter_from = _attribution_start(text, spans[-1][1])
    near = [a for a in around if a.start < min(reporter_from, part[1])]
    if part[0]:
        # a later event of the type shares the subject named before the first, not its objects:
        # "Erdogan spoke with Putin ... and would hold another call with Zelensky"
        first_trigger = sentence.spans[kind][0][0]
        near = [a for a in near if a.start < first_trigger or a.start >= part[0]]
    if rule.parties == "leaders":
        near = [a for a in near if not _of_another_event(text, a, spans, others)]
        visited = _visited(text, trigger, near, watch) if kind == "leader_meeting" else set()
        read = _leaders_of(kind, near, brokers, sentence.previous_leaders, watch, visited)
        if read is None and kind == "leader_meeting" and "talks" in watch.events:
            meeting = _states_meeting(text, trigger, near, watch)
            read = ("talks", meeting, brokers - meeting) if meeting else None
    else:
        read = _sides_of(kind, trigger, sentence, near, brokers, article_mediators, watch)
    if read is None:
        return None
    kind, sides, mediators = read
    rule = watch.events[kind]
    all_spans = [span for found in sentence.spans.values() for span in found]
    location_spans = all_spans if len(sentence.spans) > 1 else [(0, len(text))]
    # With other types' triggers in the sentence, a place may be written near one of them ("sat
    # down together on Monday ..., meeting for five hours at an estate in the Gomel region").
    places_near = around if len(sentence.spans) == 1 else _near_any(sentence.actors, all_spans)
    places_near = [a for a in places_near if a.start >= part[0] or a.role != "place"]
    location = (
        None if kind == "leader_call"
        else _location(text, location_spans, places_near, (sides, mediators), watch, spans)
    )
    # Where the deal was made is not where an event under it takes place: "swapped 307 each, the
    # second day of the exchange agreed in Istanbul", "hoped to revive exchanges under the deal
    # reached in Istanbul".
    carried_out = status in DONE_STATUSES or (status is None and kind == "prisoner_exchange")
    if (location and (carried_out or status in FORWARD_STATUSES)
            and _WHERE_AGREED.search(_before(text, text.find(location)))):
        location = None
    venue = _venue_country(location, watch)
    # The venue's country is no side unless the article makes it one, or it is one of just two
    # named at talks ("Zelensky and Erdogan held talks in Ankara": a meeting, not talks hosted by
    # Turkey; "Ukraine and Poland held talks in Warsaw": no Russia-Ukraine round), or the sentence
    # names it as the one who acts in a swap ("Hamas freed four soldiers in Gaza City").
    if (rule.parties == "sides" and venue and venue not in article.sides and not _talks_side(kind, venue, sides)
            and not (kind == "prisoner_exchange" and _named_not_as_place(venue, near))):
        sides = sides - {venue}
    if (kind == "talks" and "leader_meeting" in watch.events
            and _leaders_talking(text, spans, sides, mediators | ({venue} - sides if venue else set()), near)):
        kind, rule = "leader_meeting", watch.events["leader_meeting"]
    if rule.outside_leaders_mediate:
        sides, mediators = _outside_leaders_as_mediators(sides, mediators, near, article)
    resolved_status = status or rule.default_status
    if status is None and resolved_status in DONE_STATUSES and "proposed" in rule.statuses:
        if _only_named(text, trigger):
            resolved_status = "proposed"  # "Kyiv backed a prisoner exchange with Moscow": none took place
    named_after = [a for a in near if a.role != "place" and a.start > trigger[0]]
    return Mention(
        type=kind,
        status=resolved_status,
        sentence_index=sentence.index,
        evidence=text,
        sides=sides,
        mediators=mediators,
        location=location,
        date=None,
        background=False,
        count_text=text[part[0] : part[1]] if kind == "prisoner_exchange" else "",
        explicit=False,
        cued=status is not None,
        named_sides=bool(sides),
        reference=_is_reference(text, trigger, watch) and not _paired_sides(text, named_after),
        modal=bool(watch.modal_after and watch.modal_after.match(text, trigger[1])),
        spans=spans,
        agent=_nearest_state_before(trigger, sentence.actors, watch),
        topic=bool(others) and _topic_status(text, trigger, rule, watch) is not None,
        part_start=part[0],
    )


def _near_any(actors: list[ActorMention], spans: list[tuple[int, int]]) -> list[ActorMention]:
    """The actors written near one of the trigger `spans` (`ACTOR_WINDOW_BEFORE`/`_AFTER`)."""
    return [
        actor for actor in actors
        if any(start - ACTOR_WINDOW_BEFORE <= actor.start <= end + ACTOR_WINDOW_AFTER for start, end in spans)
    ]


def _leaders_talking(
    text: str, spans: list[tuple[int, int]], sides: set[str], hosts: set[str], near: list[ActorMention]
) -> bool:
    """Plain "talks" of two leaders (or foreign ministers) with no host or broker at the table
    are their meeting: "Erdogan held talks with Zelensky in Ankara"."""
    if hosts or len(sides) != 2 or not all(_PLAIN_TALKS.match(text[start:end]) for start, end in spans):
        return False
    if not _HELD_BEFORE.search(_before(text, spans[0][0])):
        return False  # "discussed the Istanbul talks by phone": other talks, named
    # who else is named in the clause of the talks (not in a later one: "..., focusing on the
    # grain deal that Moscow quit")
    clause_end = _CLAUSE_END.search(text, spans[-1][1])
    in_clause = [a for a in near if not clause_end or a.start < clause_end.start()]
    by_leader = {a.code for a in in_clause if a.role == "leader"}
    by_other_name = {a.code for a in in_clause if a.role not in ("leader", "place")}
    return sides <= by_leader and not sides & by_other_name


def _outside_leaders_as_mediators(
    sides: set[str], mediators: set[str], near: list[ActorMention], article: _ArticleContext
) -> tuple[set[str], set[str]]:
    """Sides named only by their leaders and outside the article's two sides become mediators,
    when what remains is one or both of the article's sides (`EventRule.outside_leaders_mediate`);
    the article then gives the missing side (`_settle_sides`)."""
    if len(article.sides) != 2:
        return sides, mediators
    by_leader = {a.code for a in near if a.role == "leader"} - {a.code for a in near if a.role != "leader"}
    outside = {code for code in sides if code in by_leader and code not in article.sides}
    remaining = sides - outside
    if outside and remaining and remaining <= set(article.sides):
        return remaining, mediators | outside
    return sides, mediators


def _attribution_start(sentence: str, after: int) -> int:
    """Where the sentence's trailing reporting clause begins, if one follows `after` (the
    event's last trigger), else the sentence's end."""
    found = [match.start() for match in _ATTRIBUTION.finditer(sentence, after)]
    return found[-1] if found else len(sentence)


def _leaders_of(
    kind: str, near: list[ActorMention], brokers: set[str], previous_leaders: set[str], watch: Watch,
    visited: set[str],
) -> tuple[str, set[str], set[str]] | None:
    """Type, parties and mediators of a call or meeting: the leaders' countries (a call with one
    named leader takes the other from the previous sentence, a visit by one leader the country
    `visited`); the sides meeting at a state host's table are a round of talks."""
    sides, mediators = _leader_sides(near, watch)
    if kind == "leader_call" and len(sides) == 1:
        sides |= previous_leaders
    if kind == "leader_meeting" and len(sides) == 1:
        sides |= visited
    if kind == "leader_meeting" and _state_host(near, brokers, sides, watch):
        return "talks", sides - brokers, mediators | (brokers - sides)
    if kind == "leader_meeting" and len(sides) < 2 and not mediators:
        return None
    return (kind, sides, mediators) if sides else None


def _only_named(text: str, trigger: tuple[int, int]) -> bool:
    """Whether the trigger is a noun after "a/an", the object of no verb or preposition of its
    taking place: "backed a prisoner exchange", "is negotiating a swap", not "after a meeting",
    "had a call", "welcomed a swap" (nor the subject, whose predicate tells: "A third round of
    talks ended in Istanbul")."""
    article = _ARTICLE.match(text, trigger[0], trigger[1])  # a trigger may hold it: "a call"
    noun = article.end() if article else trigger[0]
    before = _before(text, noun)
    if " a " not in before and " an " not in before:
        return False  # (a subject's "A" opening the sentence is left out anyway)
    return bool(
        _NOUN_TRIGGER.match(text, noun, trigger[1]) and _INDEFINITE_BEFORE.search(before)
        and not _DONE_CONTEXT.search(before) and not _SENTENCE_SUBJECT.match(text, 0, noun)
    )


def _named_not_as_place(code: str, near: list[ActorMention]) -> bool:
    """Whether the sentence names the state by a name of its own (not its leader: "talks with
    Erdogan on a new exchange" leave the exchange Russia and Ukraine's)."""
    return any(actor.code == code and actor.role == "alias" for actor in near)


def _states_meeting(text: str, trigger: tuple[int, int], near: list[ActorMention], watch: Watch) -> set[str]:
    """Two states written as the subject of "meet" are their delegations meeting, a round of
    talks: "Kyiv and Moscow are set to meet again in Istanbul" (no leader named)."""
    if not _MEET.match(text[trigger[0] : trigger[1]]) or not _MET_WHERE_OR_WHEN.match(text, trigger[1]):
        return set()  # "Turkey and Russia met the demands": no meeting
    states = [a for a in near if a.end <= trigger[0] and _is_named_state(a, watch) and a.role != "leader"]
    if len(states) < 2 or not _SUBJECT_OF_MEET.match(text[states[-1].end : trigger[0]]):
        return set()
    talks = watch.events["talks"]
    if (talks.other_domain and talks.other_domain.search(text)) or _SPORT.search(text):
        return set()  # "Trade delegations from Turkey and Russia met in Moscow", "meet in the semi-final"
    return _paired_sides(text, states[-2:])


def _visited(text: str, trigger: tuple[int, int], near: list[ActorMention], watch: Watch) -> set[str]:
    """The country whose capital or name follows a visit ("will visit Kyiv", "a visit to Turkey"):
    its leader is the host of the visit."""
    if not _VISIT.match(text[trigger[0] : trigger[1]]):
        return set()
    return {
        actor.code for actor in near
        if actor.role in ("place", "alias") and _names_a_place(actor.text, actor.code, watch)
        and _VISITED_GAP.match(text[trigger[1] : actor.start])
    }


def _of_another_event(
    sentence: str, actor: ActorMention, own: list[tuple[int, int]], others: list[tuple[int, int]]
) -> bool:
    """Whether a leader is named for another event of the sentence: after the trigger of one told
    after this event ("spoke by phone with Putin and offered to host a meeting between him and
    Zelensky"), or right after the trigger of one told before ("held a phone call with Putin, a day
    after meeting Zelensky"); the subject, named before both, is of both."""
    later = [start for start, _ in others if start > own[-1][1]]
    if later and actor.start >= min(later):
        return True
    return any(end <= actor.start < own[0][0] and _OBJECT_GAP.match(sentence[end : actor.start]) for _, end in others)


def _as_receiver(sentence: str, trigger: tuple[int, int], actor: ActorMention) -> ActorMention:
    """A country named as where the released are returned or handed over is a side of the swap,
    not a place ("returned 25 civilians from the Kursk region to Russia"); so is the one they had
    been taken to, named in the trigger ("Nine Ukrainian children who had been taken to Russia
    were returned")."""
    if actor.role != "place" or actor.start <= trigger[0]:
        return actor
    taken_there = actor.end <= trigger[1] and _TAKEN_TO.search(_before(sentence, actor.start))
    if taken_there or _HANDED_TO.search(sentence[trigger[0] : actor.start]):
        return ActorMention(actor.code, "alias", actor.start, actor.end, actor.text)
    return actor


def _talks_side(kind: str, venue: str, sides: set[str]) -> bool:
    """Whether the venue's country is one of just two sides named at talks (not a swap's host)."""
    return kind == "talks" and len(sides) == 2 and venue in sides


def _sides_of(
    kind: str,
    trigger: tuple[int, int],
    sentence: _Sentence,
    near: list[ActorMention],
    brokers: set[str],
    article_mediators: set[str],
    watch: Watch,
) -> tuple[str, set[str], set[str]] | None:
    """Type, sides and mediators of a talks/exchange/truce/deal/offer; an offer's mediator is
    the offerer."""
    if kind == "prisoner_exchange":
        near = [_as_receiver(sentence.text, trigger, actor) for actor in near]
    if kind == "talks":
        near = _without_topic_states(near, sentence.text, watch)
    sides, mediators = _conflict_sides(sentence.text, trigger, near, brokers, article_mediators, watch)
    if kind != "prisoner_exchange":
        mediators = mediators - (_custodians(sentence.text, near, watch) - brokers)
    if kind == "talks" and _TALKS_WITH.match(sentence.text[trigger[1] :]):
        # who travels "for talks with Russian and U.S. officials" is at the table too
        subject = _nearest_state_before(trigger, near, watch)
        if subject and subject not in mediators | brokers | article_mediators:
            sides = sides | {subject}
    if kind != "mediation_offer":
        return kind, sides, mediators
    # Whom the offer is told to is no side of the talks offered ("Erdogan told Macron that Turkey
    # was ready to host the talks").
    sides = sides - {a.code for a in near if _TOLD_BEFORE.search(_before(sentence.text, a.start))}
    offerer = _offerer(sentence.text, trigger, sentence.actors, watch)
    if offerer:
        # The sides of the event offered are those named after the offer ("Zelensky and Erdogan
        # held talks, and Erdogan offered to host a summit with Putin"), with the sentence's others.
        offered = [a for a in near if a.start >= trigger[0] and _is_named_state(a, watch) and a.code != offerer]
        sides |= _paired_sides(sentence.text, offered) or {a.code for a in offered}
        return kind, sides - {offerer}, {offerer}
    return (kind, sides, mediators) if sides else None


def _is_explicit(
    sentence: str,
    trigger: tuple[int, int],
    cued: bool,
    date_mention: DateMention | None,
    location: str | None,
    watch: Watch,
) -> bool:
    if _is_reference(sentence, trigger, watch):
        # "discussed the Istanbul talks by phone on Friday": Friday is the call's; "the last group
        # will cross on Sunday, completing the exchange": a stage of the exchange named before
        before = _before(sentence, trigger[0])
        of_another = _DISCUSSED_BEFORE.search(before) or _STAGE_OF_BEFORE.search(before)
        return not of_another and date_mention is not None and date_mention.precision == "day"
    return bool(cued or date_mention or location or _PAST_TRIGGER.search(sentence[trigger[0] : trigger[1]]))


def _is_reference(sentence: str, trigger: tuple[int, int], watch: Watch) -> bool:
    """ "the talks", "these talks": an event named before, unless the trigger itself says which
    round ("the next round", "the second meeting") or how many it concerns ("the return of 16
    Ukrainian children")."""
    written = sentence[trigger[0] : trigger[1]]
    if _ORDINAL.match(written) or _HAS_DIGIT.search(written):
        return False
    return bool(watch.reference.search(_before(sentence, trigger[0])))


def _leader_codes(actors: list[ActorMention], watch: Watch) -> set[str]:
    return {a.code for a in actors if _is_state_leader(a, watch)}


def _is_state_leader(actor: ActorMention, watch: Watch) -> bool:
    return actor.role == "leader" and watch.actors[actor.code].kind == "state"


def _leader_sides(near: list[ActorMention], watch: Watch) -> tuple[set[str], set[str]]:
    """Countries whose leaders are named; an organisation's head is a mediator."""
    sides = _leader_codes(near, watch)
    mediators = {a.code for a in near if a.role == "leader" and watch.actors[a.code].kind == "organisation"}
    return sides, mediators


def _state_host(near: list[ActorMention], brokers: set[str], sides: set[str], watch: Watch) -> bool:
    """A meeting of the sides at a state host's table is a negotiating round, not a leaders' visit."""
    others = sides - brokers
    return len(others) >= 2 and any(
        actor.code in brokers and watch.actors[actor.code].kind == "state" for actor in near
    )


def _custodians(sentence: str, near: list[ActorMention], watch: Watch) -> set[str]:
    """Organisations the released are handed to ("handing them to the Red Cross"): they hold them
    for the swap, and mediate nothing else the sentence tells (the truce that took effect)."""
    return {
        a.code for a in near
        if watch.actors[a.code].kind == "organisation" and _HANDED_TO_ORGANISATION.search(_before(sentence, a.start))
    }


def _conflict_sides(
    sentence: str,
    trigger: tuple[int, int],
    near: list[ActorMention],
    brokers: set[str],
    article_mediators: set[str],
    watch: Watch,
) -> tuple[set[str], set[str]]:
    """The sides of a talks/exchange/ceasefire/agreement/offer event and its hosts or brokers
    (the sentence's brokers wherever they stand: "... after talks in Doha mediated by Qatar");
    no host or broker of the article's events (`article_mediators`) is a side."""
    named = [a for a in near if a.role != "place"]
    states = [a for a in named if watch.actors[a.code].kind == "state"]
    third = brokers | article_mediators
    # a pair named "between A and B" is the sides, whoever else is paired ("Qatar and Egypt said
    # that talks between Israel and Hamas would resume")
    candidates = [a for a in states if a.code not in third]
    paired = _between_pair(sentence, candidates) or _paired_sides(sentence, candidates)
    organisations = {
        a.code for a in named if watch.actors[a.code].kind == "organisation"
        and not _POSSESSIVE.match(sentence[a.end : a.end + 3])  # not the owner of another thing: "the EU's sanctions"
    }
    mediators = brokers | organisations
    if _WITH_BOTH.search(sentence) and paired:
        mediators |= {a.code for a in states if a.start < trigger[0] and a.code not in paired}
    sides = paired or {a.code for a in states if a.code not in third}
    return sides, mediators - sides


def _without_topic_states(named: list[ActorMention], sentence: str, watch: Watch) -> list[ActorMention]:
    """Without a state that is only what talks are about ("talks on a peace plan for Ukraine"),
    when two other states remain to be at the table (a truce or a deal "for Ukraine" is its own)."""
    kept = [a for a in named if a.role == "place" or not _TOPIC_OF.search(_before(sentence, a.start))]
    at_table = {a.code for a in kept if a.role != "place" and watch.actors[a.code].kind == "state"}
    return kept if len(at_table) >= 2 else named


def _paired_sides(sentence: str, named: list[ActorMention]) -> set[str]:
    """Actors written as a pair ("Russia and Ukraine", "Russian and Ukrainian"), or as a list
    ending in one ("Russia, Ukraine and the United States")."""
    for position, (first, second) in enumerate(pairwise(named)):
        if _DUAL_NATIONAL.match(sentence, first.end) and _PERSON_AFTER.match(sentence, second.end):
            continue  # one person of two nationalities: "Israeli-American hostage Edan Alexander"
        if first.code != second.code and _PAIR_JOINER.match(sentence[first.end : second.start]):
            listed = {first.code, second.code}
            for earlier, later in reversed(list(pairwise(named[: position + 1]))):
                if not _COMMA_JOINER.match(sentence[earlier.end : later.start]):
                    break
                listed.add(earlier.code)
            return listed
    return set()


def _offerer(sentence: str, trigger: tuple[int, int], actors: list[ActorMention], watch: Watch) -> str | None:
    """The state offering to host or mediate: named inside the offer phrase ("an offer by
    Turkish President ..."), else the sentence's subject when the offer is its second verb
    ("Erdogan met Zelensky and offered") or its own ("the Vatican had no response from Moscow to
    its offer"), else the nearest state named before it, else the speaker of a
    quoted offer ('"We are ready to host talks," Foreign Minister Fidan said')."""
    inside = [a for a in actors if trigger[0] <= a.start < trigger[1] and _is_named_state(a, watch)]
    if inside:
        return inside[0].code
    if _SECOND_VERB.search(_before(sentence, trigger[0])) or _OWN_OFFER.match(sentence[trigger[0] : trigger[1]]):
        subject = next((a for a in actors if a.end <= trigger[0] and _is_named_state(a, watch)), None)
        return subject.code if subject else None
    before = _nearest_state_before(trigger, actors, watch)
    if before:
        return before
    speaker_from = _attribution_start(sentence, trigger[1])
    return next((a.code for a in actors if a.start >= speaker_from and _is_named_state(a, watch)), None)


def _nearest_state_before(trigger: tuple[int, int], actors: list[ActorMention], watch: Watch) -> str | None:
    before = [a for a in actors if a.end <= trigger[0] and _is_named_state(a, watch)]
    return before[-1].code if before else None


def _is_named_state(actor: ActorMention, watch: Watch) -> bool:
    return watch.actors[actor.code].kind == "state" and actor.role != "place"


def _is_background(
    sentence: str,
    status: str,
    date_mention: DateMention | None,
    trigger: tuple[int, int],
    published: dt.date | None,
    watch: Watch,
) -> bool:
    """Older than the current window by its date, or by a background cue. A proposal is current
    when the old year or month it names dates the thing proposed to revive ("revive talks that
    stalled in 2022"), not the proposal ("In 2023, Kyiv proposed a truce"); an event named as
    the point since which something holds is past ([background] before_trigger)."""
    if watch.background_before and watch.background_before.search(_before(sentence, trigger[0])):
        return True
    if _is_running_total(sentence, trigger):
        return True
    if date_mention and published and not (
        status in FORWARD_STATUSES and _dates_the_object(sentence, trigger, date_mention)
    ):
        return date_mention.date < published - CURRENT_WINDOW
    if status in FORWARD_STATUSES:
        return False
    if _AGREED_AT.search(_before(sentence, trigger[0])):
        return True  # undated, and before what it agreed: "the latest in a series agreed at talks in Istanbul"
    return bool(watch.background_cues.search(_without_clauses(sentence, _clauses_on_people(sentence, [trigger]))))


def _clauses_on_people(sentence: str, triggers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The relative clauses on people that hold none of the `triggers`: what they date or set in
    the past is the people's ("the handover included residents who had been moved to Ukraine last
    year"), unlike "Erdogan, who spoke with Putin on Friday, ..."."""
    clauses = []
    for match in _ON_PEOPLE.finditer(sentence):
        if any(match.start() <= start < match.end() for start, _ in triggers):
            continue
        # a trigger that holds the clause ends it ("Nine children who had been taken to Russia
        # were returned ... on Wednesday": the day is the return's)
        ends = [end for start, end in triggers if start < match.start() < end]
        clauses.append((match.start(), min([*ends, match.end()])))
    return clauses


def _without_clauses(sentence: str, clauses: list[tuple[int, int]]) -> str:
    for start, end in reversed(clauses):
        sentence = sentence[:start] + " " * (end - start) + sentence[end:]
    return sentence


def _is_running_total(sentence: str, trigger: tuple[int, int]) -> bool:
    """Whether the trigger tells what has been done over time ("have exchanged more than 5,000
    prisoners since the start of the war", "4,000 have been returned so far"), not an event."""
    before, written = _before(sentence, trigger[0]), sentence[trigger[0] : trigger[1]]
    if not (_PERFECT_BEFORE.search(before) or _PERFECT.search(written)):
        return False
    return bool(_RUNNING_TOTAL_AFTER.match(sentence[trigger[1] :]))


def _dates_the_object(sentence: str, trigger: tuple[int, int], date_mention: DateMention) -> bool:
    """A month or year after the trigger inside a relative clause ("talks that stalled in 2022")."""
    if date_mention.precision == "day" or date_mention.start < trigger[1]:
        return False
    return bool(_RELATIVE_CLAUSE.search(sentence[trigger[1] : date_mention.start]))


def _location(
    sentence: str, spans: list[tuple[int, int]], near: list[ActorMention], parties: tuple[set[str], set[str]],
    watch: Watch, triggers: list[tuple[int, int]],
) -> str | None:
    """A city or region after "in/at/near" within `spans` (the most specific one, and of those
    the nearest to the event's `triggers`: "diplomats in Warsaw said the talks held in Istanbul
    ..."); a country only as a host. Where the speakers are ("officials in Ankara said") is the
    place only when nothing else is and it is a mediator's. `parties`: (sides, mediators)."""
    sides, mediators = parties
    cities: list[tuple[int, str]] = []
    countries: list[str] = []
    speakers: list[str] = []
    for actor in near:
        if actor.text not in watch.actors[actor.code].places or sentence[actor.end : actor.end + 1] in ("-", "–"):
            continue  # (nor one that is half of a compound: "in a Qatar-brokered deal")
        if min(_distance((actor.start, actor.end), span) for span in spans) > LOCATION_WINDOW:
            continue
        distance = min(_distance((actor.start, actor.end), trigger) for trigger in triggers)
        if any(_place_right_after(sentence, end, actor.start) for _, end in triggers):
            distance = -1  # "the war in Gaza at talks in Sharm el-Sheikh": where the talks are
        before = _before(sentence, actor.start)
        # a city written as the host: "Istanbul will host the next round"
        hosting = _HOSTS_AFTER.match(sentence[actor.end :]) and not _is_country_name(actor, watch)
        travelled_to = _travelled_to(sentence, actor, before, triggers)
        if not (_LOCATION_PREPOSITION.search(before) or hosting or travelled_to) or _SINCE_CLAUSE.search(before):
            continue
        if _HOSTED_BY.search(before) and not _hosts_own_trigger(actor, triggers):
            continue  # the host of another event: "agreed to exchange detainees after talks hosted by the UAE"
        if _in_later_clause_of_another_event(sentence, actor, triggers):
            continue
        topic = _TOPIC_OF.search(before)
        if topic and topic.group(0)[0].islower():
            continue  # what it is about: "talks in Riyadh on ending the war in Ukraine" (not "the Cold War in")
        if travelled_to:
            distance += LOCATION_WINDOW  # any place named with "in/at" is nearer
        if _WHERE_SPEAKERS_ARE.search(before):
            if actor.code in mediators - sides:
                speakers.append(actor.text)
            continue
        if _WHERE_PEOPLE_STAY.search(before):
            continue
        region = _REGION.match(sentence[actor.end :])
        name = f"{actor.text} {region.group(0).split()[-1]}" if region else actor.text
        name = watch.actors[actor.code].venues.get(actor.text, name)
        if not _is_country_name(actor, watch):
            cities.append((distance, name))
        elif actor.code not in sides:
            countries.append(name)
    if cities:
        return min(cities, key=lambda city: city[0])[1]
    return countries[0] if countries else (speakers[0] if speakers else None)


def _hosts_own_trigger(place: ActorMention, triggers: list[tuple[int, int]]) -> bool:
    """Whether the event's own trigger is what the place is written as the host of: "talks hosted
    by Turkey", "the round of talks hosted by the UAE"."""
    return any(0 <= place.start - end <= HOST_REACH for _, end in triggers)


def _in_later_clause_of_another_event(sentence: str, place: ActorMention, triggers: list[tuple[int, int]]) -> bool:
    """Whether the place is where something else happens, in a clause after the event's triggers:
    "released four detainees, days before the foreign ministers are due to meet in [Washington]"."""
    ends = [end for _, end in triggers if end <= place.start]
    if not ends:
        return False
    between = sentence[max(ends) : place.start]
    return bool(_SUBORDINATE.search(between)) and bool(_MEETING_IN.search(between))


def _travelled_to(sentence: str, place: ActorMention, before: str, triggers: list[tuple[int, int]]) -> bool:
    """Whether the place is where someone travels for an event named after it (`_TRAVEL_TO`)."""
    if not _TRAVEL_TO.search(before):
        return False
    return any(start > place.end and not _LEFT_AFTER.search(sentence[place.end : start]) for start, _ in triggers)


def _place_right_after(sentence: str, trigger_end: int, place_start: int) -> bool:
    """Whether the place starting at `place_start` follows the trigger ending at `trigger_end`
    with only "in/at (the)" between (`_PLACE_AFTER`)."""
    after = _PLACE_AFTER.match(sentence[trigger_end:])
    return bool(after) and trigger_end + after.end() - 1 == place_start


def _is_country_name(actor: ActorMention, watch: Watch) -> bool:
    """The actor's name or one of its first two aliases (the country's names, see watch.toml)."""
    known = watch.actors[actor.code]
    return actor.text == known.name or actor.text in known.aliases[:2]


def _merge(mentions: list[Mention], watch: Watch) -> list[Reading]:
    """Explicit mentions first, merged when they agree; then each bare mention joins the nearest
    event of its type, or stands alone when it has a status cue, or names a side and is neither a
    reference to an event named before nor the subject of a modal ("accused Moscow of stalling
    the negotiations" stands; "said talks with Kyiv would make sense only if" does not).
    A call or meeting is of a set of leaders: two sets that differ, neither holding the other,
    are two events."""
    readings: list[Reading] = []
    for mention in (m for m in mentions if m.explicit):
        target = next((reading for reading in readings if _same_event(reading, mention, watch)), None)
        continued = None if target else next((r for r in readings if _continues(r, mention)), None)
        if continued is not None:
            _absorb(continued, mention, bare=True)  # "the exchange would continue on Saturday"
            continue
        if target is None:
            target = Reading(type=mention.type, status=mention.status, first_sentence=mention.sentence_index)
            readings.append(target)
        _absorb(target, mention)
    for mention in (m for m in mentions if not m.explicit):
        candidates = [reading for reading in readings if _refers_to(reading, mention)]
        if candidates:
            target = min(candidates, key=lambda reading: (_done_for_a_forward_mention(reading, mention),
                                                          abs(reading.first_sentence - mention.sentence_index)))
        elif mention.cued or (mention.named_sides and not mention.reference and not mention.modal):
            target = Reading(type=mention.type, status=mention.status, first_sentence=mention.sentence_index)
            readings.append(target)
        else:
            continue
        _absorb(target, mention, bare=True)
    return readings


def _continues(reading: Reading, mention: Mention) -> bool:
    """Whether the mention tells that an event carried out goes on ("the exchange, which includes
    civilians, would continue on Saturday"): a later stage of it, not another event."""
    return (
        mention.reference and (mention.status in FORWARD_STATUSES or not mention.cued) and reading.type == mention.type
        and reading.status in DONE_STATUSES and not reading.background
        and _compatible_sides(reading.sides, mention.sides)
        and bool(_CONTINUES.match(mention.evidence, mention.spans[-1][1]))
    )


def _done_for_a_forward_mention(reading: Reading, mention: Mention) -> bool:
    """"The exchange is expected later this week" is the swap just agreed, not the one carried out
    last week, even when that one is named nearer."""
    return mention.cued and mention.status in (*FORWARD_STATUSES, "agreed") and reading.status in DONE_STATUSES


def _same_event(reading: Reading, mention: Mention, watch: Watch) -> bool:
    if reading.type != mention.type or reading.status != mention.status:
        return False
    if reading.date and mention.date and reading.date != mention.date:
        return False
    if reading.background != mention.background:
        return False
    if watch.events[mention.type].parties == "leaders" and len(reading.sides) >= 2 and len(mention.sides) >= 2:
        # a leader's call with Putin and one with Zelensky are two calls
        return reading.sides <= mention.sides or mention.sides <= reading.sides
    return _compatible_sides(reading.sides, mention.sides)


def _compatible_sides(first: set[str], second: set[str]) -> bool:
    """Sides agree when they share a code or together make at most one pair."""
    return not first or not second or bool(first & second) or len(first | second) <= 2


def _refers_to(reading: Reading, mention: Mention) -> bool:
    """A bare "the talks" refers to the article's latest event of that type with fitting sides."""
    if reading.type != mention.type or reading.background != mention.background:
        return False
    # others who join the sides' talks (for a meeting of leaders they would be leaders too)
    joins = mention.type == "talks" and mention.reference and _TAKES_PART.search(mention.evidence) is not None
    return _compatible_sides(reading.sides, mention.sides) or joins


def _absorb(reading: Reading, mention: Mention, bare: bool = False) -> None:
    """Add a mention to an event. A bare mention gives sides only to an event that lacks them:
    in "Trump spoke with Zelensky after the call" the call is Trump and Putin's."""
    if not bare or len(reading.sides) < 2:
        reading.sides |= mention.sides
    elif mention.sides and not mention.sides & reading.sides and _TAKES_PART.search(mention.evidence):
        # others who join the sides' talks are go-betweens: "Egyptian and Qatari officials will
        # take part in the talks"
        reading.mediators |= mention.sides
    reading.mediators |= mention.mediators
    if mention.location and mention.location not in reading.locations:
        reading.locations.append(mention.location)
    if mention.date and not reading.date:
        reading.date = mention.date
        reading.background = mention.background
    elif not reading.evidence:
        reading.background = mention.background
    if mention.evidence not in reading.evidence:
        reading.evidence.append(mention.evidence)
    if mention.count_text:
        reading.count_texts.append(mention.count_text)


def _date_from_lead(
    readings: list[Reading], sentences: list[str], published: dt.date, watch: Watch, triggered: set[int]
) -> None:
    """A lead that dates the story without naming the event ("a modest step was made on
    Friday") dates the undated event the opening sentences report. `triggered`: the indices of
    the sentences where some type's trigger matches."""
    lead = sentences[:LEAD_SENTENCES]
    lead_date = next(
        (
            mention.date
            for index, sentence in enumerate(lead)
            if index not in triggered
            for mention in find_dates(sentence, published, watch.future_tense)
            if mention.precision == "day" and not mention.after_since and mention.date <= published
        ),
        None,
    )
    if lead_date is None or lead_date < published - CURRENT_WINDOW:
        return
    for reading in readings:
        if reading.date is None and not reading.background and reading.status in ("held", "completed"):
            if reading.first_sentence < LEAD_SENTENCES:
                reading.date = lead_date


def _date_offers_from_meetings(readings: list[Reading], watch: Watch) -> None:
    """An offer without a date was made at the call or meeting of the offering leader."""
    for offer in (r for r in readings if r.type == "mediation_offer" and r.date is None and not r.background):
        occasion = next(
            (
                r
                for r in readings
                if watch.events[r.type].parties == "leaders"
                and r.date
                and not r.background
                and r.status == "held"
                and r.sides & offer.mediators
            ),
            None,
        )
        if occasion:
            offer.date = occasion.date


def _with_rounds_folded(readings: list[Reading]) -> list[Reading]:
    """Ministers of the sides meeting on the day of their round of talks are that round."""
    kept: list[Reading] = []
    for reading in readings:
        round_held = next(
            (
                other
                for other in readings
                if other.type == "talks"
                and other.status == reading.status == "held"
                and other.sides == reading.sides
                and other.background == reading.background
                and (other.date is None or reading.date is None or other.date == reading.date)
            ),
            None,
        )
        if reading.type != "leader_meeting" or round_held is None:
            kept.append(reading)
            continue
        round_held.date = round_held.date or reading.date
        round_held.evidence += [sentence for sentence in reading.evidence if sentence not in round_held.evidence]
    return kept


def _with_schedules_folded(readings: list[Reading]) -> list[Reading]:
    """An agreed exchange or ceasefire and the schedule of carrying it out ("the truce is due to
    take effect on Sunday") are one event: the agreed one, dated by the schedule if undated. A
    proposal and the plan for the same day ("Putin proposed talks in Istanbul on May 15",
    "Zelensky said he would be there on Thursday") are one event too: the planned one."""
    kept: list[Reading] = []
    for reading in readings:
        agreed = next(
            (
                other
                for other in kept
                if other.type == reading.type
                and _one_schedule(other, reading)
                and not other.background
                and not reading.background
                and _compatible_sides(other.sides, reading.sides)
            ),
            None,
        )
        if agreed is None:
            kept.append(reading)
            continue
        if {agreed.status, reading.status} == {"proposed", "planned"}:
            agreed.status = "planned"
        elif agreed.status == "planned":
            agreed.status = "agreed"
        agreed.sides |= reading.sides
        agreed.mediators |= reading.mediators
        agreed.date = agreed.date or reading.date
        agreed.evidence += [sentence for sentence in reading.evidence if sentence not in agreed.evidence]
        agreed.count_texts += reading.count_texts
    return kept


def _one_schedule(first: Reading, second: Reading) -> bool:
    """Whether two readings are the agreement and the schedule of one event, or its proposal and
    its plan for the same day (see `_with_schedules_folded`)."""
    statuses = {first.status, second.status}
    if statuses == {"agreed", "planned"}:
        return True
    return statuses == {"proposed", "planned"} and first.date is not None and first.date == second.date


def _without_rejected_proposals(readings: list[Reading]) -> list[Reading]:
    """A suggestion the other side rejects is one event: the denied one."""
    denied_types = {reading.type for reading in readings if reading.status == "denied"}
    return [r for r in readings if not (r.status == "proposed" and r.type in denied_types and not r.background)]


def _finish(reading: Reading, article: _ArticleContext, published: dt.date | None, watch: Watch) -> Event | None:
    rule = watch.events[reading.type]
    sides, mediators = set(reading.sides), set(reading.mediators)
    if rule.parties == "sides":
        sides, mediators = _settle_sides(reading, article, watch)
    if len(sides) < rule.min_parties or (rule.needs_mediator and not mediators - sides):
        return None
    status = reading.status
    still_to_come = bool(reading.date and published and reading.date > published)
    if status in DONE_STATUSES and still_to_come and "planned" in rule.statuses:
        status = "planned"  # held on a day still to come: the tense was missed, not the date
    current = status != "denied" and not reading.background
    if current and reading.date and published and reading.date < published - CURRENT_WINDOW:
        current = False
    return Event(
        type=reading.type,
        status=status,
        current=current,
        parties=sorted(sides),
        mediators=sorted(mediators - sides),
        location=_most_specific(reading.locations, watch),
        date=reading.date,
        count=(
            _count(reading.count_texts, watch)
            if reading.type == "prisoner_exchange" and status in COUNTED_STATUSES
            else None
        ),
        evidence=list(reading.evidence),
    )


def _retype_hosted_meeting(reading: Reading, article: _ArticleContext, watch: Watch) -> None:
    """A meeting of the sides in a third country that the article names as host or broker is a
    negotiating round (Rubio and Lavrov in Riyadh, hosted by Saudi Arabia)."""
    venue = _venue_country(_most_specific(reading.locations, watch), watch)
    if reading.type == "leader_meeting" and venue and venue not in reading.sides and venue in article.mediators:
        reading.type = "talks"
        reading.mediators.add(venue)


def _settle_sides(reading: Reading, article: _ArticleContext, watch: Watch) -> tuple[set[str], set[str]]:
    """Sides missing from the sentences come from the article, unless a sentence names a side
    that is no state ("talks between Kinshasa and the M23 rebel group": no Congo-Rwanda round);
    the country of the venue is a host, not a side, when two other sides are known; a current
    event of a type that takes `EventRule.article_mediators` also takes the hosts and brokers the
    article names in other sentences ("The swap ..." and later "... helped broker the deal");
    those that only offer to mediate are taken by a proposal only."""
    rule = watch.events[reading.type]
    sides, mediators = set(reading.sides), set(reading.mediators)
    venue = _venue_country(_most_specific(reading.locations, watch), watch)
    # a side's own territory hosts nothing ("handed over three hostages to the Red Cross in Gaza")
    hosted = venue is not None and not _talks_side(reading.type, venue, sides) and venue not in article.sides
    if hosted and len(_with_article_sides(sides - {venue}, article, reading.type)) >= 2:
        sides, mediators = sides - {venue}, mediators | {venue}
    if len(sides) < 2 and not any(_NON_STATE_SIDE.search(text) for text in reading.evidence):
        # never the event's own host or broker ("Turkey said it was ready to host a fourth round")
        sides = _with_article_sides(sides, article, reading.type) - mediators
    # (not one agreed at the round the article reports: like a deal, its host is not its broker)
    agreed_at_talks = reading.status == "agreed" and article.talks_held
    if (rule.article_mediators and not reading.background and reading.status != "denied" and not reading.beside_brokered
            and not agreed_at_talks):
        offerers = set() if reading.status == "proposed" else article.offerers
        others = article.others_brokers.get(reading.type, set())
        mediators = mediators | (article.mediators - offerers - article.past_brokers - others - sides)
    return sides, mediators


def _most_specific(locations: list[str], watch: Watch) -> str | None:
    """The first city or region named for the event, else the first country."""
    countries = watch.country_names or {
        name for actor in watch.actors.values() for name in (actor.name, *actor.aliases[:2])
    }
    return next((place for place in locations if place not in countries), locations[0] if locations else None)


def _venue_country(location: str | None, watch: Watch) -> str | None:
    if not location:
        return None
    place = location.split()[0] if location.split()[-1] in ("region", "oblast", "province") else location
    return next((code for code, actor in watch.actors.items() if place in actor.places), None)


def _with_article_sides(sides: set[str], article: _ArticleContext, kind: str) -> set[str]:
    """Complete the sides from the article's two sides when what the sentences named fits them,
    unless the article also uses this type's words in another sense ("wage talks"). An offerer
    the sentences do not name is the article's host, not a side."""
    if kind in article.other_sense_types:
        return sides
    combined = sides | (set(article.sides) - (article.offerers - sides))
    return combined if len(combined) <= 2 else sides


def _count(texts: list[str], watch: Watch) -> int | None:
    """The number each side releases, only when both sides release the same stated number."""
    joined = _NUMBER_WORD.sub(_number_word_value, " ".join(texts))
    both = _SUM_EACH.search(joined)
    if both:
        return _number(both.group(1)) + _number(both.group(2))
    each = _EACH.search(joined) or _EACH_RELEASED.search(joined) or _N_FOR_N.search(joined) or _N_AND_N.search(joined)
    if each:
        return _number(each.group(1))
    if _ONE_EACH.search(joined):
        return 1
    numbers = [_number(match.group(1)) for match in _PEOPLE_NUMBER.finditer(joined)]
    if len(numbers) == 1 and _SAME_NUMBER.search(joined):
        return numbers[0]  # "Ukraine released the same number"
    if numbers:
        return numbers[0] if len(numbers) >= 2 and len(set(numbers)) == 1 else None
    return 1 if _PERSON_FOR_PERSON.search(_without_actors(joined, watch)) else None


def _without_actors(text: str, watch: Watch) -> str:
    """`text` with the watch's actors masked, leaders' first names included: "Vladimir Putin and
    Volodymyr Zelensky" or "the United States and Abu Dhabi" are not two people swapped."""
    def mask(match: regex.Match[str]) -> str:
        return "\x00" * len(match.group(0))

    return _NAME_BEFORE_MASK.sub(mask, watch.actor_pattern.sub(mask, text))


def _number(text: str) -> int:
    return int(text.replace(",", ""))
