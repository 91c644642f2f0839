"""posts created_at (branch two)"""
from alembic import op
import sqlalchemy as sa
revision = "4d5e6f708192"
down_revision = "2b3c4d5e6f70"
def upgrade():
    op.add_column("posts", sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False))
    op.create_index("posts_created_at_idx", "posts", ["created_at"])
def downgrade():
    op.drop_index("posts_created_at_idx", table_name="posts")
    op.drop_column("posts", "created_at")
