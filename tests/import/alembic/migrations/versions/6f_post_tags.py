"""post_tags"""
from alembic import op
import sqlalchemy as sa
revision = "6f708192a3b4"
down_revision = "5e6f708192a3"
def upgrade():
    op.create_table("post_tags", sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True), sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"), primary_key=True))
    op.execute("INSERT INTO tags (name) VALUES ('news'), ('howto')")
def downgrade():
    op.drop_table("post_tags")
