using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    object_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_pupil_id = table.Column<Guid>(type: "uuid", nullable: true),
                    subject_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    client_ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_account_id",
                table: "audit_entries",
                column: "actor_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_municipality_id_occurred_at",
                table: "audit_entries",
                columns: new[] { "municipality_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject_person_id",
                table: "audit_entries",
                column: "subject_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject_pupil_id",
                table: "audit_entries",
                column: "subject_pupil_id");

            // Append-only: the application can neither update nor delete audit rows.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
                END;
                $$;
                CREATE TRIGGER audit_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_reject_change();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_reject_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.Sql("DROP FUNCTION audit_entries_reject_change();");
        }
    }
}
