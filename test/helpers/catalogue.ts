/** The catalogue `npm run generate` built (pretest runs it). */
import { Catalogue } from "../../src/catalogue/catalogue.js";
import { cataloguePath } from "../../src/paths.js";

let shared: Catalogue | undefined;
export function builtCatalogue(): Catalogue {
  return (shared ??= new Catalogue(cataloguePath()));
}
