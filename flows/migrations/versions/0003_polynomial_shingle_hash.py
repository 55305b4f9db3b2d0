"""sign every stored article again: shingles are hashed with a polynomial hash, not SHA-1

The near-duplicate signatures and band keys of articles stored before this revision were made
with another shingle hash: a copy stored after the upgrade would share no band with them. Every
article with a signature is signed again from its stored text, and the index (article_band) is
rebuilt for the originals ("ok"), as `flows.cycle.KnownArticles.add` indexes them. One pass in
batches by id, inside the upgrade's transaction: an interrupted upgrade leaves the old index whole.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from mediawatch.extractors import similarity

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

BATCH = 500
article = sa.table("article", sa.column("id", sa.Integer), sa.column("text", sa.Text),
                   sa.column("state", sa.String), sa.column("signature", sa.LargeBinary))
article_band = sa.table("article_band", sa.column("band_key", sa.BigInteger), sa.column("article_id", sa.Integer))


def upgrade() -> None:
    connection = op.get_bind()
    connection.execute(article_band.delete())
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(article.c.id, article.c.text, article.c.state)
            .where(article.c.signature.is_not(None), article.c.id > last_id)
            .order_by(article.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        signatures, bands = [], set()
        for article_id, text, state in rows:
            signature = similarity.text_signature(text or "")
            signatures.append({"row_id": article_id, "new_signature": similarity.signature_bytes(signature)})
            if state == "ok":
                bands.update((key, article_id) for key in similarity.band_keys(signature))
        connection.execute(
            article.update().where(article.c.id == sa.bindparam("row_id"))
            .values(signature=sa.bindparam("new_signature")),
            signatures,
        )
        if bands:
            connection.execute(article_band.insert(), [{"band_key": k, "article_id": i} for k, i in sorted(bands)])
        last_id = rows[-1][0]


def downgrade() -> None:
    raise NotImplementedError("the SHA-1 shingle hash is gone from the code: restore a backup instead")
