//! The passwords attackers try first, most common first: the top of the
//! public leaked-password rankings, written down by hand (no dictionary
//! file: the phone library stays small), and the words anyone attacking a
//! Twofold file would add. Lower case; the estimator tries capitals, l33t
//! and reversal itself.

use std::collections::HashMap;
use std::sync::OnceLock;

const COMMON: &str = "\
password 123456 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon \
123123 baseball abc123 football monkey letmein shadow master 666666 qwertyuiop \
123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212 000000 \
qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster \
soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert \
thomas hockey ranger daniel starwars klaster 112233 george computer michelle \
jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass \
maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love \
ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin \
thunder taylor matrix william corvette hello martin heather secret merlin \
diamond 1234qwer hammer silver 222222 88888888 anthony justin test bailey \
q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard \
samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick \
phoenix camaro peanut morgan welcome falcon cowboy ferrari samsung andrea \
smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo \
spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo \
bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche \
lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee \
scooby 0000 miller boston q1w2e3r4 brandon yamaha chester mother forever \
johnny edward 333333 oliver redsox player nikita knight fender barney \
midnight please brandy chicago badboy slayer rangers charles angel flower \
rabbit wizard jasper enter rachel chris steven winner adidas victoria \
natasha 1q2w3e4r jasmine winter prince marine fishing cocacola casper james \
232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321 \
golden 8675309 admin administrator login passw0rd changeme default root \
toor guest user qwerty123 abcdef abcd1234 letmein1 welcome1 password1 \
password123 iloveyou1 monkey1 dragon1 azerty qwertz 1q2w3e 123abc \
football1 baseball1 princess1 sunshine1 superman1 loveme lovely \
hello123 trustme access14 blink182 pokemon minecraft naruto google \
facebook apple samsung1 iphone android windows linux master1 \
qwaszx zaq12wsx 1qazxsw2 asdf1234 zxcv1234 asdfghjkl 147258369 \
147258 741852963 159357 789456 456789 987456321 13579 24680 \
twofold vault backup authenticator otpauth secretkey recovery \
";

/// The longest entry, in characters.
pub const LONGEST: usize = 13;

/// The position of `text` (lower case) in the list, if it is there.
pub fn rank_of(text: &str) -> Option<usize> {
    static RANKS: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    let ranks = RANKS.get_or_init(|| {
        let mut ranks = HashMap::new();
        for (rank, word) in COMMON.split_ascii_whitespace().enumerate() {
            ranks.entry(word).or_insert(rank);
        }
        ranks
    });
    ranks.get(text).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_lower_case_ranked_and_bounded() {
        assert_eq!(rank_of("password"), Some(0));
        assert_eq!(rank_of("123456"), Some(1));
        assert_eq!(rank_of("Password"), None);
        let longest = COMMON.split_ascii_whitespace().map(str::len).max();
        assert_eq!(longest, Some(LONGEST));
        assert!(COMMON.chars().all(|c| !c.is_uppercase()));
    }
}
