/*
 * English given-name hypocorisms: Ben = Benjamin, Ted = Theodore, Bill =
 * William, Bob = Robert.
 *
 * A person listed as "Benjamin Netanyahu" is searched as "Ben" or "Bibi
 * Netanyahu"; no spelling rule relates Bob to Robert or Peggy to Margaret.
 * The table below holds common English given names with their usual short
 * and pet forms (general knowledge of English naming, written for this
 * project). Each row is a group: the full name first, then its forms.
 *
 * Two tokens are related when they are different members of one group (a
 * full name and one of its forms, or two forms of it: Bill and Will).
 * Ambiguous forms belong to several groups (Al: Albert, Alfred, Alan,
 * Alexander), but two full names never meet through a form they share:
 * Albert and Alfred are not related.
 *
 * Per token, prepare computes a 32-bit signature (one bit per group the
 * token is in), so the scorer rejects unrelated pairs with one AND; the
 * related test proper, and the index keys (h:<full name> per group, so that
 * "bob" finds "robert"), use the table.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "screen_int.h"

static const char *const g_groups[] = {
    "aaron ron ronnie",
    "abigail abby abbie gail",
    "abraham abe abram",
    "adam ade",
    "adelaide addie adele heidi",
    "adrian ade adie",
    "agnes aggie nessa",
    "albert al bert bertie",
    "alexander alex alec alick sandy sasha xander lex",
    "alexandra alex alexa sandra sandy lexie",
    "alfred al alf alfie fred freddie",
    "alan al",
    "allan al",
    "alice allie ally",
    "alison ali allie",
    "amanda mandy manda",
    "andrew andy drew",
    "angela angie",
    "ann annie nan nancy",
    "anne annie nan nancy",
    "anna annie",
    "anthony tony ant",
    "antony tony",
    "archibald archie",
    "arnold arnie",
    "arthur art artie",
    "augustus gus gussie",
    "augustine gus",
    "barbara barb barbie babs",
    "bartholomew bart",
    "beatrice bea trixie",
    "benedict ben benny",
    "benjamin ben benny benji bibi",
    "bernard bernie barney",
    "bertram bert bertie",
    "bradley brad",
    "bridget biddy bridie",
    "calvin cal",
    "cameron cam",
    "carol carrie",
    "caroline carrie carol lina",
    "catherine cathy kate katie kay kitty cat",
    "katherine kathy kate katie kay kitty kat",
    "kathleen kathy kate katie",
    "cecilia cissy celia",
    "charles charlie chuck chas chaz chip",
    "charlotte charlie lottie lotte",
    "christian chris",
    "christina chris tina chrissy",
    "christine chris tina chrissy",
    "christopher chris kit topher",
    "clarence clare",
    "clifford cliff",
    "cornelius neil connie",
    "cynthia cindy",
    "daniel dan danny",
    "danielle dani",
    "david dave davy",
    "deborah debbie deb debra",
    "dennis den denny",
    "dominic dom",
    "donald don donnie",
    "dorothy dot dottie dolly",
    "douglas doug",
    "edgar ed eddie ned",
    "edmund ed eddie ned",
    "edward ed eddie ned ted teddy",
    "edwin ed eddie ned",
    "eleanor ellie nell nora",
    "elizabeth liz lizzie beth betty betsy eliza libby bess bessie",
    "ellen nell nellie",
    "emily em emmy",
    "eugene gene",
    "evelyn eve evie",
    "ezekiel zeke",
    "florence flo flossie",
    "frances fran fanny frankie",
    "francis frank frankie fran",
    "frederick fred freddie fritz",
    "gabriel gabe",
    "gabrielle gaby",
    "geoffrey geoff jeff",
    "jeffrey jeff",
    "gerald gerry jerry",
    "gertrude gertie trudy",
    "gilbert gil bert",
    "gregory greg",
    "gwendolyn gwen",
    "harold harry hal",
    "harriet hattie",
    "henry harry hal hank",
    "herbert herb bert",
    "isaac ike",
    "isabel bella izzy",
    "isabella bella izzy",
    "isidore izzy",
    "jacob jake jack",
    "james jim jimmy jamie jem",
    "jane janie jenny",
    "janet jan jenny",
    "jennifer jen jenny",
    "jeremiah jerry",
    "jeremy jerry",
    "jerome jerry",
    "jessica jess jessie",
    "joan joanie",
    "johanna jo hannah",
    "john jack johnny jon",
    "jonathan jon jonny nathan",
    "joseph joe joey jos",
    "josephine jo josie",
    "joshua josh",
    "judith judy jude",
    "julia julie",
    "katrina kat trina",
    "kenneth ken kenny",
    "lawrence larry laurie",
    "laurence larry laurie",
    "leonard len lenny leo",
    "leopold leo",
    "lewis lew lou",
    "louis lou louie",
    "louise lou lulu",
    "lucas luke",
    "luke lucas",
    "madeline maddie maddy",
    "margaret maggie meg peggy madge marge margie greta rita daisy",
    "marjorie marge margie",
    "martha marty mattie patty",
    "martin marty",
    "mary molly polly mae mamie",
    "matilda tilly tilda mattie",
    "matthew matt matty",
    "maurice mo morris",
    "maximilian max",
    "melissa mel missy",
    "michael mike mick micky mickey",
    "mitchell mitch",
    "montgomery monty",
    "nathaniel nat nate nathan",
    "nathan nate nat",
    "nicholas nick nicky nico",
    "nicole nicky nikki",
    "norman norm",
    "oliver ollie",
    "olivia liv livvy",
    "oswald ozzie oz",
    "patricia pat patty trish tricia",
    "patrick pat paddy",
    "penelope penny",
    "peter pete",
    "philip phil pip",
    "phillip phil",
    "rachel rae",
    "raymond ray",
    "rebecca becky becca",
    "reginald reg reggie",
    "richard rick ricky dick rich richie",
    "robert bob bobby rob robbie bert",
    "roberta bobbie",
    "rodney rod",
    "roger rodge",
    "ronald ron ronnie",
    "rosalind ros roz",
    "rosemary rose rosie",
    "rudolph rudy rudi",
    "russell russ",
    "samantha sam sammy",
    "samuel sam sammy",
    "sarah sally sadie",
    "sebastian seb",
    "sidney sid",
    "solomon sol",
    "stanley stan",
    "stephanie steph stevie",
    "stephen steve stevie",
    "steven steve stevie",
    "stuart stu",
    "susan sue susie suzy",
    "suzanne sue susie suzy",
    "sylvester sly",
    "terence terry",
    "theodore ted teddy theo",
    "theresa terry tess tessa",
    "thomas tom tommy",
    "timothy tim timmy",
    "tobias toby",
    "valentine val",
    "valerie val",
    "victor vic",
    "victoria vicky tori",
    "vincent vince vinny",
    "virginia ginny ginger",
    "walter walt wally",
    "wilfred wilf fred",
    "william bill billy will willie willy liam",
    "winifred winnie",
    "zachary zach zack",
};

typedef struct gn_map {
    xc_map names;                /* name -> first index into g_members */
    uint16_t *grp;               /* per member: group */
    int32_t *next;               /* per member: next member of the same name */
    size_t n;
} gn_map;

static gn_map g_map;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_rc;

#define GN_MAX_MEMBERS 2048

static void build_once(void)
{
    xc_map_init(&g_map.names);
    g_map.grp = calloc(GN_MAX_MEMBERS, sizeof *g_map.grp);
    g_map.next = calloc(GN_MAX_MEMBERS, sizeof *g_map.next);
    if (!g_map.grp || !g_map.next) {
        g_rc = EXCTL_ENOMEM;
        return;
    }
    for (size_t gi = 0; gi < XC_ARRAY_LEN(g_groups); gi++) {
        const char *p = g_groups[gi];
        while (*p) {
            const char *e = strchr(p, ' ');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            if (g_map.n < GN_MAX_MEMBERS) {
                size_t m = g_map.n++;
                g_map.grp[m] = (uint16_t)gi;
                uint32_t head;
                g_map.next[m] = xc_map_get(&g_map.names, p, l, &head) ? (int32_t)head : -1;
                if (xc_map_put(&g_map.names, p, l, (uint32_t)m)) {
                    g_rc = EXCTL_ENOMEM;
                    return;
                }
            }
            p += l;
            while (*p == ' ')
                p++;
        }
    }
}

int scr_givennames_init(void)
{
    pthread_once(&g_once, build_once);
    return g_rc;
}

static inline uint32_t group_bit(unsigned g)
{
    return (uint32_t)1 << ((g * 2654435761u) >> 27);
}

uint32_t scr_hypo_sig(const char *s, size_t n)
{
    uint32_t head;
    if (n < 2 || g_rc || !xc_map_get(&g_map.names, s, n, &head))
        return 0;
    uint32_t sig = 0;
    for (int32_t m = (int32_t)head; m >= 0; m = g_map.next[m])
        sig |= group_bit(g_map.grp[m]);
    return sig;
}

bool scr_hypo_related(const char *a, size_t la, const char *b, size_t lb)
{
    uint32_t ha, hb;
    if ((la == lb && !memcmp(a, b, la)) || !xc_map_get(&g_map.names, a, la, &ha) ||
        !xc_map_get(&g_map.names, b, lb, &hb))
        return false;
    for (int32_t x = (int32_t)ha; x >= 0; x = g_map.next[x])
        for (int32_t y = (int32_t)hb; y >= 0; y = g_map.next[y])
            if (g_map.grp[x] == g_map.grp[y])
                return true;
    return false;
}

void scr_hypo_keys(const char *s, size_t n, char *buf, size_t cap, scr_key_fn fn, void *ctx)
{
    uint32_t head;
    if (n < 2 || g_rc || !xc_map_get(&g_map.names, s, n, &head))
        return;
    for (int32_t m = (int32_t)head; m >= 0; m = g_map.next[m]) {
        /* the group's full name, its first member */
        const char *full = g_groups[g_map.grp[m]];
        const char *e = strchr(full, ' ');
        size_t l = e ? (size_t)(e - full) : strlen(full);
        if (l + 2 > cap)
            continue;
        buf[0] = 'h';
        buf[1] = ':';
        memcpy(buf + 2, full, l);
        fn(ctx, scr_key_hash(buf, l + 2), 1.0f);
    }
}
