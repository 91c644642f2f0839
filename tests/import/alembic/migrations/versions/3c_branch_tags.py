"""tags (branch one)"""
from alembic import op
import sqlalchemy as sa
revision = "3c4d5e6f7081"
down_revision = "2b3c4d5e6f70"
def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.Text, nullable=False))
def downgrade():
    op.drop_table("tags")
