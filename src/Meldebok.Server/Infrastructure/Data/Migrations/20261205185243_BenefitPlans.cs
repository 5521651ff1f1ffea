using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class BenefitPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "benefit_measures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_benefit_measures", x => x.id);
                    table.ForeignKey(
                        name: "fk_benefit_measures_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "benefit_portfolios",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_benefit_portfolios", x => x.id);
                    table.ForeignKey(
                        name: "fk_benefit_portfolios_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "benefit_projects",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    portfolio_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    goal = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_benefit_projects", x => x.id);
                    table.ForeignKey(
                        name: "fk_benefit_projects_benefit_portfolios_portfolio_id",
                        column: x => x.portfolio_id,
                        principalTable: "benefit_portfolios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_benefit_projects_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "benefits",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    type = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    value_per_unit_nok = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    realisation_from = table.Column<DateOnly>(type: "date", nullable: false),
                    realisation_to = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    closed_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    current_revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_benefits", x => x.id);
                    table.CheckConstraint("ck_benefits_period", "realisation_to >= realisation_from");
                    table.ForeignKey(
                        name: "fk_benefits_benefit_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "benefit_projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_benefits_municipalities_municipality_id",
                        column: x => x.municipality_id,
                        principalTable: "municipalities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "benefit_extractions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    benefit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_from = table.Column<DateOnly>(type: "date", nullable: false),
                    period_to = table.Column<DateOnly>(type: "date", nullable: false),
                    amount_nok = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_benefit_extractions", x => x.id);
                    table.CheckConstraint("ck_benefit_extractions_period", "period_to >= period_from");
                    table.ForeignKey(
                        name: "fk_benefit_extractions_benefits_benefit_id",
                        column: x => x.benefit_id,
                        principalTable: "benefits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "benefit_measure_links",
                columns: table => new
                {
                    measure_id = table.Column<Guid>(type: "uuid", nullable: false),
                    benefit_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_benefit_measure_links", x => new { x.measure_id, x.benefit_id });
                    table.ForeignKey(
                        name: "fk_benefit_measure_links_benefit_measures_measure_id",
                        column: x => x.measure_id,
                        principalTable: "benefit_measures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_benefit_measure_links_benefits_benefit_id",
                        column: x => x.benefit_id,
                        principalTable: "benefits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "benefit_measurements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    benefit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_benefit_measurements", x => x.id);
                    table.ForeignKey(
                        name: "fk_benefit_measurements_benefits_benefit_id",
                        column: x => x.benefit_id,
                        principalTable: "benefits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "benefit_revisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    benefit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    indicator_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    metric_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    metric_school_id = table.Column<Guid>(type: "uuid", nullable: true),
                    unit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    baseline_value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    baseline_date = table.Column<DateOnly>(type: "date", nullable: false),
                    target_dates = table.Column<DateOnly[]>(type: "date[]", nullable: false),
                    target_values = table.Column<decimal[]>(type: "numeric[]", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    author_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_benefit_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_benefit_revisions_benefits_benefit_id",
                        column: x => x.benefit_id,
                        principalTable: "benefits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_benefit_revisions_schools_metric_school_id",
                        column: x => x.metric_school_id,
                        principalTable: "schools",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_benefit_extractions_benefit_id",
                table: "benefit_extractions",
                column: "benefit_id");

            migrationBuilder.CreateIndex(
                name: "ix_benefit_measure_links_benefit_id",
                table: "benefit_measure_links",
                column: "benefit_id");

            migrationBuilder.CreateIndex(
                name: "ix_benefit_measurements_automatic_once",
                table: "benefit_measurements",
                columns: new[] { "benefit_id", "date" },
                unique: true,
                filter: "source = 'Automatic'");

            migrationBuilder.CreateIndex(
                name: "ix_benefit_measures_municipality_id",
                table: "benefit_measures",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_benefit_portfolios_municipality_id_name",
                table: "benefit_portfolios",
                columns: new[] { "municipality_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_benefit_projects_municipality_id",
                table: "benefit_projects",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_benefit_projects_portfolio_id",
                table: "benefit_projects",
                column: "portfolio_id");

            migrationBuilder.CreateIndex(
                name: "ix_benefit_revisions_benefit_id_number",
                table: "benefit_revisions",
                columns: new[] { "benefit_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_benefit_revisions_metric_school_id",
                table: "benefit_revisions",
                column: "metric_school_id");

            migrationBuilder.CreateIndex(
                name: "ix_benefits_municipality_id",
                table: "benefits",
                column: "municipality_id");

            migrationBuilder.CreateIndex(
                name: "ix_benefits_project_id",
                table: "benefits",
                column: "project_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "benefit_extractions");

            migrationBuilder.DropTable(
                name: "benefit_measure_links");

            migrationBuilder.DropTable(
                name: "benefit_measurements");

            migrationBuilder.DropTable(
                name: "benefit_revisions");

            migrationBuilder.DropTable(
                name: "benefit_measures");

            migrationBuilder.DropTable(
                name: "benefits");

            migrationBuilder.DropTable(
                name: "benefit_projects");

            migrationBuilder.DropTable(
                name: "benefit_portfolios");
        }
    }
}
