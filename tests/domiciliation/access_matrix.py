import datetime

from domiciliation.models import Domiciliation, MailItem
from establishments.enums import Modality
from tests.access import GET_ONLY, row
from tests.factories import PersonFactory, ServiceFactory, StayFactory

D = datetime.date


def setup(world):
    if not hasattr(world, "day_a"):
        world.day_a = ServiceFactory(establishment=world.est_a, name="Accueil de jour", modality=Modality.ACCUEIL_JOUR)
    world.dom_accepted = Domiciliation.objects.create(
        person=world.person_a,
        service=world.day_a,
        requested_on=D(2019, 3, 1),
        requester="spip",
        decision="acceptee",
        decided_on=D(2019, 3, 2),
        start_date=D(2019, 3, 2),
        end_date=D(2020, 3, 1),
    )
    other = PersonFactory(last_name="Durand")
    StayFactory(person=other, service=world.day_a)
    world.dom_pending = Domiciliation.objects.create(
        person=other, service=world.day_a, requested_on=D(2019, 3, 1), requester="personne"
    )
    refused = PersonFactory(last_name="Refus")
    StayFactory(person=refused, service=world.day_a)
    world.dom_refused = Domiciliation.objects.create(
        person=refused,
        service=world.day_a,
        requested_on=D(2019, 3, 1),
        requester="personne",
        decision="refusee",
        decided_on=D(2019, 3, 5),
        refusal_reason="Pas de lien avec la commune",
    )
    world.mail_a = MailItem.objects.create(domiciliation=world.dom_accepted, received_on=D(2019, 4, 1))


def _est(w):
    return {"establishment_pk": w.est_a.pk}


def _person(w):
    return {**_est(w), "person_pk": w.person_a.pk}


# Everyone of the establishment reads (head office too); the desk and the team record requests and mail; the team
# decides; the head (User.is_establishment_head: the head of A, the administrator) radiates, not the social worker.
# Documents: the attestation for all readers, the refusal letter for the team. The pages that read answer 405 to a
# POST; a form posted empty is shown again with its errors (200) where the persona may write; "close the expired
# ones" has nothing to fill in (done, back to the register).
MAIL = (200, 404, 200, 403, 200)
DECIDE = (200, 404, 403, 403, 200)
RADIATE = (403, 404, 403, 403, 200)
ROWS = {
    "domiciliation:index": row(_est, 200, 404, 200, 200, 200, post=GET_ONLY),
    "domiciliation:expiring": row(_est, 200, 404, 200, 200, 200, post=GET_ONLY),
    "domiciliation:radiation": row(_est, 200, 404, 200, 200, 200, post=GET_ONLY),
    "domiciliation:close_expired": row(_est, 405, 404, 403, 403, 405, post=(302, 404, 403, 403, 302)),
    "domiciliation:person": row(_person, 200, 404, 200, 200, 200, post=GET_ONLY),
    "domiciliation:request": row(_person, *MAIL, post=MAIL),
    "domiciliation:decide": row(lambda w: {"pk": w.dom_pending.pk}, *DECIDE, post=DECIDE),
    "domiciliation:renew": row(lambda w: {"pk": w.dom_accepted.pk}, *DECIDE, post=DECIDE),
    "domiciliation:end": row(lambda w: {"pk": w.dom_accepted.pk}, *DECIDE, post=DECIDE),
    "domiciliation:radiate": row(lambda w: {"pk": w.dom_accepted.pk}, *RADIATE, post=RADIATE, head_a=(200, 200)),
    "domiciliation:mail_receive": row(lambda w: {"pk": w.dom_accepted.pk}, *MAIL, post=MAIL),
    "domiciliation:attestation": row(lambda w: {"pk": w.dom_accepted.pk}, 200, 404, 200, 200, 200, post=GET_ONLY),
    "domiciliation:refusal_letter": row(lambda w: {"pk": w.dom_refused.pk}, *DECIDE, post=GET_ONLY),
    "domiciliation:mail_hand": row(lambda w: {"pk": w.mail_a.pk}, *MAIL, post=MAIL),
    "domiciliation:mail_return": row(lambda w: {"pk": w.mail_a.pk}, *MAIL, post=MAIL),
}
