// What the page says above a list made from ratings: how many likes it came from, whether dislikes
// count, and why a list is only popular picks.
import { describe, expect, it } from 'vitest';
import { tasteSentence } from '../../../web/src/panels/my_taste_panel';
import { userSentence } from '../../../web/src/panels/user_panel';

describe('the sentence above a list made from ratings', () => {
  it('tells a visitor what their list comes from, dislikes included', () => {
    expect(tasteSentence({ likedMovies: 6, dislikedMovies: 0 })).toBe(
      'From the 6 movies you liked (3.5 stars or more): the films most like them in story and audience. Every movie you rated is left out.',
    );
    expect(tasteSentence({ likedMovies: 1, dislikedMovies: 1 })).toContain(
      'From the 1 movie you liked (3.5 stars or more): the films most like them in story and audience; films like the 1 movie you disliked (2 stars or less) and the rest of their series move down.',
    );
  });

  it('says why a MovieLens user who liked nothing gets popular picks', () => {
    expect(userSentence({ totalRatings: 20, likedMovies: 0, dislikedMovies: 14, personal: false })).toBe(
      'rated 20 movies and liked none of them (3.5 stars or more), so there is no taste to go on: these are popular picks they have not rated, kept away from films like the 14 they disliked (2 stars or less).',
    );
    expect(userSentence({ totalRatings: 3, likedMovies: 0, dislikedMovies: 0, personal: false })).toMatch(/popular picks they have not rated\.$/);
  });

  it('does not claim that the dislikes of a MovieLens user push anything', () => {
    const sentence = userSentence({ totalRatings: 232, likedMovies: 201, dislikedMovies: 6, personal: true });
    expect(sentence).toBe('rated 232 movies and liked 201 of them (3.5 stars or more). Their taste is made from the liked movies; everything they already rated is left out.');
  });
});
