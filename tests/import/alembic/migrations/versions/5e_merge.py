"""merge tags and created_at"""
from alembic import op
import sqlalchemy as sa
revision = "5e6f708192a3"
down_revision = ("3c4d5e6f7081", "4d5e6f708192")
def upgrade():
    pass
def downgrade():
    pass
