"""add posts"""
from alembic import op
import sqlalchemy as sa
revision = "2b3c4d5e6f70"
down_revision = "1a2b3c4d5e6f"
def upgrade():
    op.create_table("posts", sa.Column("id", sa.Integer, primary_key=True), sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False), sa.Column("title", sa.Text))
def downgrade():
    op.drop_table("posts")
